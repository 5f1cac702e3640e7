def main():
    row = 1
    column = 1
    for cell in "abcd":
        print(row, column, cell)
        column += 1
        if column > 2:
            column = 1
            row += 1


if __name__ == "__main__":
    main()
