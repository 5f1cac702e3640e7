import sys

label = "-".join(["moved", "value"])
sys.stdout.write("starting\n")


def label():
    return "function"


class Badge:
    text = label()


print(Badge.text)
