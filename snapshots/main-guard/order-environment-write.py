import os
import subprocess
import sys

CHILD = "import os; print(os.environ.get('MG_ORDER_MODE'))"


def main():
    subprocess.run([sys.executable, "-c", CHILD])
    os.environ["MG_ORDER_MODE"] = "late"
    subprocess.run([sys.executable, "-c", CHILD])


if __name__ == "__main__":
    main()
