import itertools

values = [1, 2, 3, 4]


def main():
    head = values[:2]
    lazy = itertools.islice(values, 0, 2)
    values[0] = 100
    print(head, list(lazy))


if __name__ == "__main__":
    main()
