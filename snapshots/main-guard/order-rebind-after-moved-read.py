import sys

VERSION = "1"


def version():
    return VERSION


def main():
    global VERSION
    print("version", VERSION, file=sys.stdout)
    VERSION = "2"


if __name__ == "__main__":
    main()
