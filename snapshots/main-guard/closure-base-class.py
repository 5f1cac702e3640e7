def make_base(label):
    class Base:
        kind = label

        def describe(self):
            return "%s(%s)" % (type(self).__name__, self.kind)
    return Base


Base = make_base("shape")


class Square(Base):
    def area(self):
        return 4


def main():
    shape = Square()
    print(shape.describe(), shape.area())


if __name__ == "__main__":
    main()
