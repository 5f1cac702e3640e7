import sys

VERSION = "1"
print("version", VERSION, file=sys.stdout)
VERSION = "2"


def version():
    return VERSION
