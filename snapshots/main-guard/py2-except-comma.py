import sys


def main():
    try:
        int("x")
    except ValueError, error:
        print "caught", type(error).__name__
    sys.stdout.write("done\n")


if __name__ == "__main__":
    main()
