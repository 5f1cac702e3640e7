import sys


def main():
    print("args:", sys.argv[1:])


if __name__ == "__main__":
    main()
