def reset():
    global state
    state = "reset"


def main():
    global state
    state = "-".join(["initial", "state"])
    print(state)
    reset()
    print(state)


if __name__ == "__main__":
    main()
