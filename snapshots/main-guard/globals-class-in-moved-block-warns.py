import sys


def make():
    return Widget()


def main():
    global Widget
    if len(sys.argv) > 0:
        class Widget:
            name = "widget"
        print(make().name)


if __name__ == "__main__":
    main()
