#!/usr/bin/env python3
import argparse
import collections

parser = argparse.ArgumentParser(description="Count words in a file.")
parser.add_argument("path")
args = parser.parse_args()


def top_words(n):
    counts = collections.Counter(open(args.path).read().split())
    return counts.most_common(n)


for word, count in top_words(5):
    print(f"{count:6} {word}")
