import sys


def greet(name):
    return "hello " + name


def main():
    print(greet("world"))
    print("args:", len(sys.argv))


if __name__ == "__main__":
    main()
