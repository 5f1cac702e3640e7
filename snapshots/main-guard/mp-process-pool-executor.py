from concurrent.futures import ProcessPoolExecutor


def cube(value):
    return value ** 3


def main():
    with ProcessPoolExecutor(max_workers=2) as executor:
        results = list(executor.map(cube, range(4)))
    print(results)


if __name__ == "__main__":
    main()
