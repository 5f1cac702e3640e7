import sys

START = len(sys.argv) + 1
make = lambda base=START: base * 2


def main():
    print(make())


if __name__ == "__main__":
    main()
