def main():
    print("raising")
    return 4


if __name__ == "__main__":
    raise SystemExit(main())
