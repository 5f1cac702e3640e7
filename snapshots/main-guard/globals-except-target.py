def explain():
    return "failed with %s: %s" % (type(error).__name__, error)


def main():
    global error
    try:
        int("forty-two")
    except ValueError as error:
        print(explain())


if __name__ == "__main__":
    main()
