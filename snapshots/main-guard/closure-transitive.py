import functools

cache_size = int("16")
limit = cache_size * 2
memo = functools.lru_cache(maxsize=limit)


@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def main():
    print(fib(20), fib.cache_info().maxsize)


if __name__ == "__main__":
    main()
