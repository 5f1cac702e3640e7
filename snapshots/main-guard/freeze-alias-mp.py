import multiprocessing as mp


def worker(out):
    out.put("from child")


def main():
    queue = mp.Queue()
    child = mp.Process(target=worker, args=(queue,))
    child.start()
    print(queue.get())
    child.join()


if __name__ == "__main__":
    mp.freeze_support()
    main()
