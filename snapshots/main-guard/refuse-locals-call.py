import sys

width = len(sys.argv) + 1
snapshot = dict(locals())
print("width" in snapshot, width)
