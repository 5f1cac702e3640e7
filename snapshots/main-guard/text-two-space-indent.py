import sys


def show(value):
  if value:
    return "yes"
  return "no"


def main():
  for flag in (True, False):
    print(show(flag), file=sys.stdout)


if __name__ == "__main__":
  main()
