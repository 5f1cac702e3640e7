import sys


def encode(value):
    return json.dumps(value, sort_keys=True)


def main():
    global json
    if sys.argv:
        import json
        print(encode({"b": 1, "a": 2}))


if __name__ == "__main__":
    main()
