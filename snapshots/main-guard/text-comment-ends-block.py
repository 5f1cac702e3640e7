import sys


def area(width):
    return width * width  # square


class Box:
    size = 2  # the default
    # more sizes later


def main():
    for i in range(2):
        print(i, area(i))  # each one
        # done with i

    if len(sys.argv) > 5:
        print("many")
    else:
        print(Box.size)  # the usual case
    print("end")


if __name__ == "__main__":
    main()
