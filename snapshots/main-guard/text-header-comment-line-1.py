# Copyright header at line 1: it never travels.


def main():
    print("first statement right under the header")


if __name__ == "__main__":
    main()
