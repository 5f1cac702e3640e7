import sys


def helper():
    return "helped"


# Run the demo.
if __name__ == "__main__":
    print(helper(), file=sys.stdout)


def unused_after_guard():
    return "defined after the guard"
