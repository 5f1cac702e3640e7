import sys


def describe(item, *rest, label=None, **extra):
    count = len(item)
    return "%s:%d" % (label or item, count) + (lambda word: word)("")


def shout(word):
    for item in [word]:
        return item.upper()


def main():
    for item in ["alpha", "beta"]:
        count = describe(item, label=item[0])
        print(count, shout(item), file=sys.stdout)


if __name__ == "__main__":
    main()
