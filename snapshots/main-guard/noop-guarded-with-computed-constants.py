import os

CWD = os.getcwd()
NAMES = sorted(["b", "a"])

if __name__ == "__main__":
    print(CWD == os.getcwd(), NAMES)
