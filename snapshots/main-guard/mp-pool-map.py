from multiprocessing import Pool


def square(value):
    return value * value


def main():
    numbers = list(range(6))
    with Pool(2) as pool:
        print(pool.map(square, numbers))


if __name__ == "__main__":
    main()
