import sys


def show():
    return "crlf"


def main():
    # Print it.
    print(show(), file=sys.stdout)


if __name__ == "__main__":
    main()
