import sys

print("before")
if __name__ == "__main__" and len(sys.argv) > 0:
    print("as a script")
print("after")
