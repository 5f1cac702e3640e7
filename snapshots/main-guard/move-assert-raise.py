import sys

CODE = 3


def main():
    assert CODE > 0, "positive"
    print("exiting with", CODE)
    sys.stdout.flush()
    raise SystemExit(CODE)


if __name__ == "__main__":
    main()
