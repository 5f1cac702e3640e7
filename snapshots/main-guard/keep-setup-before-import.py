import os
import site
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
site.addsitedir(HERE)
os.environ.setdefault("MG_FIXTURE_MODE", "test")
os.environ.update({"MG_FIXTURE_COLOR": "no"})
warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.simplefilter("default", ResourceWarning)

import json


def main():
    print(json.dumps({"first": sys.path[0] == HERE, "mode": os.environ["MG_FIXTURE_MODE"]}))


if __name__ == "__main__":
    main()
