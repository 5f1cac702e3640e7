from multiprocessing import Pool


def square(value):
    return value * value


if __name__ == "__main__":
    import multiprocessing
    multiprocessing.freeze_support()
    with Pool(2) as pool:
        squares = pool.map(square, [1, 2, 3])
    print(squares)
