def run():
    if __name__ == "__main__":
        print("inner guard ran")
    return "run finished"


def main():
    print(run())


if __name__ == "__main__":
    main()
