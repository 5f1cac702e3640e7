import sys

if __name__ == "__main__":
    sys.modules["refuse_guard_above_imports"] = sys.modules["__main__"]

import json

print(json.dumps(sorted(sys.modules)[:1]))
