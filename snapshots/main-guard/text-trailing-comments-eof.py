import sys


def main():
    print("body", file=sys.stdout)


if __name__ == "__main__":
    main()

# End of script.
# vim: set ft=python:

