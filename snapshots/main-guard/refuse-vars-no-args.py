import sys

width = len(sys.argv) + 1
print("width" in vars(), width)
