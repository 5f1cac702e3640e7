class Config:
    debug = False


def main():
    print("debug:", Config.debug)
    Config.debug = True
    print("debug:", Config.debug)


if __name__ == "__main__":
    main()
