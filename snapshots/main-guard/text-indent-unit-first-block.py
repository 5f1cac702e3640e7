import sys


class Point:
   x = 1


def main():
   for name in ("a", "b"):
           print(name, Point.x, file=sys.stdout)


if __name__ == "__main__":
   main()
