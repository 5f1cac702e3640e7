#!/usr/bin/env python3
# Licence header: this comment stays on top.
import sys

# Section comment that stays (a blank line separates it).


def helper():
    return 1


def main():
    # Greets the user.
    # Second line of the greeting comment.
    print("hello")

    # Says goodbye.
    print("bye", helper(), file=sys.stdout)


if __name__ == "__main__":
    main()
