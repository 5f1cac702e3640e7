from collections import deque

queue = deque([1, 2])


def main():
    print(len(queue))
    queue.append(3)
    print(list(queue))


if __name__ == "__main__":
    main()
