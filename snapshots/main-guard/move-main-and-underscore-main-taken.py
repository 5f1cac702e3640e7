import sys

main = "main-value"
_main = "underscore-value"


def _main2():
    print(main, _main, file=sys.stdout)


if __name__ == "__main__":
    _main2()
