import sys

if len(sys.argv) > 0:
    global verbose
    verbose = True
print("verbose", verbose)
