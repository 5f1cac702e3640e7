import sys


def main():
    label = "-".join(["moved", "value"])
    sys.stdout.write("starting\n")


    def label():
        return "function"


    print(label())


if __name__ == "__main__":
    main()
