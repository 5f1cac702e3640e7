import sys


def summary():
    return "argc=%d" % count


def main():
    global count
    if (count := len(sys.argv)) >= 1:
        print(summary())


if __name__ == "__main__":
    main()
