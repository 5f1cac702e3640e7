import sys


def version():
    return VERSION


def main():
    global VERSION
    VERSION = "1"
    print("version", VERSION, file=sys.stdout)
    VERSION = "2"


if __name__ == "__main__":
    main()
