import sys


def work():
    return "work done"


if __name__ == "__main__":
    print("before guard")
    print(work())

    print("after guard", file=sys.stdout)
