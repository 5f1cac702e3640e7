import sys


def main():
    print("running with", len(sys.argv), "argument")


if __name__ == "__main__":
    main()
