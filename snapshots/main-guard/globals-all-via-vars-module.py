import sys


def exported():
    module = sys.modules[__name__]
    return sorted(key for key in vars(module) if key.startswith("out_"))


def main():
    global out_first, out_second
    out_first = "-".join("ab")
    out_second = out_first * 2
    print(exported())


if __name__ == "__main__":
    main()
