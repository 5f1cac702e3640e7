import sys


def work():
    return "work"


if __name__ == "__main__":
  print("stray before")
  print(work(), file=sys.stdout)
