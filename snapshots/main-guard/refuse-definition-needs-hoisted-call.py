import json

print("reading settings")
settings = json.loads('{"width": 3}')


def area(width=settings["width"]):
    return width * width


print(area())
