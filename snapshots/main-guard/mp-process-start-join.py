import multiprocessing


def worker(out, value):
    out.put(value * 10)


def main():
    queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=worker, args=(queue, 4))
    process.start()
    print("got", queue.get())
    process.join()
    print("exit code", process.exitcode)


if __name__ == "__main__":
    main()
