import sys


def greet(name):
    return "hello %s" % name


def main():
    print greet("py2")
    print >>sys.stderr, "to stderr"
    print "argc", len(sys.argv)


if __name__ == "__main__":
    main()
