import sys

name = "fixture"


def main():
    count = len(sys.argv)
    print(f"""Report for {name}:
  count = {count}
  double = {count * 2}
done""")


if __name__ == "__main__":
    main()
