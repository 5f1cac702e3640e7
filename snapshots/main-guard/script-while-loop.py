def main():
    done = False
    while not done:
        done = True


if __name__ == "__main__":
    main()
