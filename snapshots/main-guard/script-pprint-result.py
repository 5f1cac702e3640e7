from pprint import pprint

result = {"b": [1, 2], "a": 3}


def main():
    pprint(result)


if __name__ == "__main__":
    main()
