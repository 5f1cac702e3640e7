import os


def main():
    total = len("abc") + \
        len("de") + \
        3
    parts = sorted(["b",
                    "a"])
    print("total", \
          total, parts, os.sep == "/")


if __name__ == "__main__":
    main()
