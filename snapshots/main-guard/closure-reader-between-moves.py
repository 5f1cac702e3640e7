import json

settings = json.loads('{"width": 3}')


def area(width=settings["width"]):
    return width * width


def main():
    print("settings:", settings)

    print(area())


if __name__ == "__main__":
    main()
