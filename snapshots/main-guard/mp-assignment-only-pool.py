from multiprocessing import Pool


def square(value):
    return value * value


def main():
    POOL = Pool(2)
    SQUARES = POOL.map(square, range(5))
    _ = POOL.close(), POOL.join()
    _ = print("squares", SQUARES)


if __name__ == "__main__":
    main()
