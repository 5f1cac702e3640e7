import json

squares = {}


def main():
    data = list(range(4))
    for value in data:
        squares[value] = value * value
    with open("out.txt", "w") as fh:
        fh.write(json.dumps(squares))
    with open("out.txt") as fh:
        print(fh.read())


if __name__ == "__main__":
    main()
