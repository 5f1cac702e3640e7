def last_seen():
    return "last=%s" % item


def main():
    global item
    for item in ["x", "y", "z"]:
        print(item)
    print(last_seen())


if __name__ == "__main__":
    main()
