import sys


def main():
    print("all at once", file=sys.stdout)


if __name__ == "__main__":
    main()
# trailing comment without newline