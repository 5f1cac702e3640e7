import sys
import types


def main():
    tools = types.SimpleNamespace()
    sys.argv = ["prog", "--verbose"]
    tools.level = 2
    args = sys.argv[1:]
    print(args, tools.level)


if __name__ == "__main__":
    main()
