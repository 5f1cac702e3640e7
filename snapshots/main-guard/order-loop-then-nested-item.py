grid = []


def main():
    for i in range(3):
        grid.append(["."] * 3)
    grid[0][0] = "S"
    print("".join(row[0] for row in grid))


if __name__ == "__main__":
    main()
