import sys


def main():
    print("guarded main")
    return 0


if (__name__ in ['__main__']):
    sys.exit(main())
