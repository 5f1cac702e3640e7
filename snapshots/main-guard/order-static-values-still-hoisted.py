from collections import namedtuple

Point = namedtuple("Point", "x y")
LIMIT = 10
NAMES = ["a", "b"]


def describe(p):
    return f"{p.x},{p.y} of {LIMIT}"


def main():
    print("loading")

    print(describe(Point(1, 2)), NAMES)


if __name__ == "__main__":
    main()
