import sys

try:
    from os.path import *
    print("imported", join("a", "b"))
except ImportError:
    sys.exit(1)
