def evaluate(expression):
    return eval(expression)


def main():
    global base, extra
    base = int("20")
    extra = base + 2
    print(evaluate("base + extra"))


if __name__ == "__main__":
    main()
