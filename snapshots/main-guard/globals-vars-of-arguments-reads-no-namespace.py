import argparse


def describe():
    return "name=%s" % settings["name"]


def main():
    global settings
    parser = argparse.ArgumentParser()
    parser.add_argument("--name", default="world")
    settings = vars(parser.parse_args())
    print(describe(), sorted(settings))


if __name__ == "__main__":
    main()
