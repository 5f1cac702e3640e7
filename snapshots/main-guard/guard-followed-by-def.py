import sys


def helper():
    return "helped"


def unused_after_guard():
    return "defined after the guard"


# Run the demo.
if __name__ == "__main__":
    print("stray before the guard")
    print(helper(), file=sys.stdout)
