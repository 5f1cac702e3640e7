import sys


def show():
    return "limit is %d" % limit


limit: int = len(sys.argv) + 9
print(show())
