def main():
    total = 0
    print("start", total)
    total += 5
    print("end", total)


if __name__ == "__main__":
    main()
