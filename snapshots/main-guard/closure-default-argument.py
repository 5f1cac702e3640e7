import sys

DEFAULT_WIDTH = max(len("placeholder"), 8)


def pad(text, width=DEFAULT_WIDTH):
    return text.ljust(width, ".")


def main():
    print(pad("ab"))
    print(pad("abc", 5), file=sys.stdout)


if __name__ == "__main__":
    main()
