prefs = {"a": 1, "b": 2}


def main():
    print(prefs)
    prefs["c"] = 3
    print(prefs)


if __name__ == "__main__":
    main()
