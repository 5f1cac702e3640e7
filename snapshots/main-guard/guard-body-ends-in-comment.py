import os

if __name__ == "__main__":
    print("first")  # before the guard
    print(os.sep == "/")  # the separator
    # nothing after this
