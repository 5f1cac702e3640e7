import sys


def main():
    print("body", file=sys.stdout)


if __name__ == "__main__":
    main()

"""
Closing notes: run it with python3.
"""
# vim: set ft=python:
