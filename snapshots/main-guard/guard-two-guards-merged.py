def first():
    return "first"


def second():
    return "second"


if __name__ == "__main__":
    print(first())
    print(second())
