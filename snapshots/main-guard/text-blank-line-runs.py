import sys


LIMIT = 3
def double(x):
    return 2 * x
def triple(x):
    return 3 * x


def main():
    print("first")
    print("second")

    print(double(LIMIT), triple(LIMIT), file=sys.stdout)


if __name__ == "__main__":
    main()
