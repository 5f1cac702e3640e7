import sys


def main():
    import json; print(json.dumps([1, 2]))
    flag = True; print(flag, file=sys.stdout)


if __name__ == "__main__":
    main()
