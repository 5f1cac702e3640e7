"""Sum of squares with a process pool: hangs or crashes under spawn until guarded."""
from multiprocessing import Pool

LIMIT = 1000


def square(x):
    return x * x


# the work
data = list(range(LIMIT))
with Pool(2) as pool:
    print(sum(pool.map(square, data)))
