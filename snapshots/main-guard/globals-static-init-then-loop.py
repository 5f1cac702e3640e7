import json

LIMIT = 3


def main():
    data = list(range(LIMIT))
    total = 0
    for value in data:
        total += value
    print(json.dumps({"data": data, "total": total}))


if __name__ == "__main__":
    main()
