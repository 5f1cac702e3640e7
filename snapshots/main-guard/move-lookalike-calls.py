import os


def main():
    joined = os.sep.join(["a", "b"])
    upper = "abc".upper()
    items = list(range(3))
    normal = os.path.normpath("a/b")
    print(joined, upper, items, normal)


if __name__ == "__main__":
    main()
