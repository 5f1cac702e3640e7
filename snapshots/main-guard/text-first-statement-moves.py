def helper():
    return 1


def main():
    print("first")

    print(helper())


if __name__ == "__main__":
    main()
