import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    sys.path.insert(0, HERE)
    print("first entry is the script folder:", sys.path[0] == HERE)


if __name__ == "__main__":
    main()
