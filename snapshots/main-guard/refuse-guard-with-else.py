import sys

print("setup", file=sys.stdout)

if __name__ == "__main__":
    print("as script")
else:
    print("as module")
