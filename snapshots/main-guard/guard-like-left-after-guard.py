import sys


def report(label):
    print("report", label)


def main():
    report("first")


if __name__ == "__main__":
    main()


if __name__ == "__main__" and len(sys.argv) > 0:
    report("only as a script, after the rest")
