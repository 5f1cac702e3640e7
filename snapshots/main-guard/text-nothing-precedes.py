def main():
    print("only")
    print("statements")


if __name__ == "__main__":
    main()
