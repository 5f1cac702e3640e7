import sys


def main():
    if len(sys.argv) >= 1:
        def describe(value):
            return "value %d" % value

        print(describe(3))


if __name__ == "__main__":
    main()
