def run():
    print("run called")
    return 2


if __name__ == "__main__":
    exit(run())
