def lookup(name):
    return globals()[name]


def main():
    global alpha, beta, gamma
    alpha = "-".join("ab")
    beta = alpha.upper()
    for gamma in range(2):
        pass
    print(lookup("alpha"), lookup("beta"), lookup("gamma"))


if __name__ == "__main__":
    main()
