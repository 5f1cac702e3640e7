import multiprocessing


def work(i):
    total = i * 10
    print("process", i, total)


total = 0


def main():
    for i in range(3):
        p = multiprocessing.Process(target=work, args=(i,))
        p.start()
        p.join()


if __name__ == "__main__":
    main()
