import os


def main():
    os.remove("mainguard-does-not-exist.tmp")


if __name__ == "__main__":
    main()
