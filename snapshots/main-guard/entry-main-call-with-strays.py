import sys


def main():
    print("main body")


if __name__ == "__main__":
    print("setting up", file=sys.stdout)

    main()
