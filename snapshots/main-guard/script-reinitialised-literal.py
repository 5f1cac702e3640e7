import threading


def main():
    jobs = []
    for i in range(2):
        job = threading.Thread(target=print, args=("thread", i))
        jobs.append(job)
        job.start()
    for job in jobs:
        job.join()
    jobs = []
    for i in range(2):
        jobs.append(i * 10)
    print(jobs)


if __name__ == "__main__":
    main()
