import sys


def main():
    while True:
        attempt = 0
        attempt += 1
        print("attempt", attempt, file=sys.stdout)
        break

    for word in ["a", "bb"]:
        size = len(word)
        size += 1
        print(word, size)


if __name__ == "__main__":
    main()
