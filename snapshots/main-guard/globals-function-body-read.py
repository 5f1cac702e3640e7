import sys


def shout():
    return greeting.upper()


def main():
    global greeting
    greeting = " ".join(["hello", "world"])

    print(shout(), file=sys.stdout)


if __name__ == "__main__":
    main()
