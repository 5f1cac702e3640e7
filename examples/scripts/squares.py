#!/usr/bin/env python3
"""Doc."""
import sys
from multiprocessing import Pool

LIMIT = 10


def square(x):
    return x * x + OFFSET


# compute the data
data = list(range(LIMIT))
OFFSET = 1
with Pool(2) as pool:
    print(sum(pool.map(square, data)))

for i in data:
    total = i
print(total)
