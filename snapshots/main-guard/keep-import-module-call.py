import importlib

decoder = importlib.import_module("json.decoder")


def main():
    print(decoder.JSONDecoder().decode("[1, 2]"))


if __name__ == "__main__":
    main()
