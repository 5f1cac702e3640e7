import sys


def main():
    print("main", len(sys.argv))


if __name__ in ("__main__",):
    print("start")
    main()
