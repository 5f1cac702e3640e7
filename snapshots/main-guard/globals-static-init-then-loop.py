import json

LIMIT = 3
total = 0


def main():
    global total
    data = list(range(LIMIT))
    for value in data:
        total += value
    print(json.dumps({"data": data, "total": total}))


if __name__ == "__main__":
    main()
