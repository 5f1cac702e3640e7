from multiprocessing import Pool, freeze_support


def double(value):
    return value * 2


def main():
    with Pool(2) as pool:
        print(pool.map(double, [1, 2]))


if __name__ == "__main__":
    freeze_support()
    main()
