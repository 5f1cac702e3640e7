import json

RAW = '{"items": [1, 2, 3]}'
UNIT = "items"


def main():
    data = json.loads(RAW)
    items = data["items"]
    count = len(items)
    alias = data
    doubled = [n * 2 for n in items]
    size = count
    double_size = size * 2
    print(count, UNIT, doubled, alias is data, double_size)


if __name__ == "__main__":
    main()
