import sys


def main():
    print("no processes here", file=sys.stdout)


if __name__ == "__main__":
    main()
