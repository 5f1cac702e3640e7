import os

if __name__ == "__main__":
    print(1)
    # between the guards
    # the second one
    print(os.sep == "/")
