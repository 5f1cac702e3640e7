import sys


def main():
    count: int = len(sys.argv)
    print("count", count)


if __name__ == "__main__":
    main()
