import multiprocessing


def square(value):
    return value * value


def main():
    with multiprocessing.Pool(2) as pool:
        print(pool.map(square, [1, 2, 3]))


if __name__ == "__main__":
    multiprocessing.freeze_support()
    main()
