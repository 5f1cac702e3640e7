import sys


def main():
    print("no newline at the end", file=sys.stdout)


if __name__ == "__main__":
    main()