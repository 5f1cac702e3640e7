import sys


def main():
    print("one")

    # A comment between neighbours.

    print("two")
    # Directly above three.
    print("three", file=sys.stdout)


if __name__ == "__main__":
    main()
