total = 0


def main():
    global total
    print("start", total)
    total += 5
    print("end", total)


if __name__ == "__main__":
    main()
