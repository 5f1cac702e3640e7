def parse(text):
    return int(text)


def main():
    print("before the failure")
    print(parse("not a number"))


if __name__ == "__main__":
    main()
