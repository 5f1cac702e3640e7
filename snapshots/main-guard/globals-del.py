def describe():
    try:
        return "cache has %d" % len(cache)
    except NameError:
        return "cache gone"


def main():
    global cache
    cache = {"a": 1}

    print(describe())
    del cache
    print(describe())


if __name__ == "__main__":
    main()
