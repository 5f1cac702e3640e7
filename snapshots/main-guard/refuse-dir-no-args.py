import sys

width = len(sys.argv) + 1
names = dir()
print("width" in names, width)
