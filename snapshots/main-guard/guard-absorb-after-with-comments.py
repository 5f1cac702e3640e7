import sys


def work():
    return 42


if __name__ == "__main__":
    result = work()
    print("result", result)
    # Report the exit status.
    print("status", 0)

    # Flush at the end.
    sys.stdout.flush()
