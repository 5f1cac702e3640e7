class Conversion:
    def __init__(self, size):
        self.size = size

    def infixToPostfix(self, expression):
        print(expression.replace("+", "") + "+", self.size)


exp = "a+b"


def main():
    obj = Conversion(len(exp))
    obj.infixToPostfix(exp)


if __name__ == "__main__":
    main()
