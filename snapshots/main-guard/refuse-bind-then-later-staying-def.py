import sys

label = "-".join(["moved", "value"])
sys.stdout.write("starting\n")


def label():
    return "function"


print(label())
