from multiprocessing import Manager, Process


def fill(table, key):
    table[key] = key.upper()


def main():
    with Manager() as manager:
        shared = manager.dict()
        jobs = [Process(target=fill, args=(shared, key)) for key in "ab"]
        for job in jobs:
            job.start()
        for job in jobs:
            job.join()
        print(sorted(shared.items()))


if __name__ == "__main__":
    main()
