from concurrent.futures import ProcessPoolExecutor


def triple(value):
    return value * 3


def main():
    with ProcessPoolExecutor(max_workers=2) as executor:
        print(list(executor.map(triple, [1, 2])))


if __name__ == "__main__":
    import multiprocessing
    multiprocessing.freeze_support()
    main()
