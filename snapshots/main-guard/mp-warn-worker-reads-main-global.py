from multiprocessing import Pool


def scale(value):
    return value * factor


def main():
    global factor
    factor = int("3")
    with Pool(2) as pool:
        print(pool.map(scale, [1, 2, 3]))


if __name__ == "__main__":
    main()
