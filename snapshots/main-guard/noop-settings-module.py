"""Settings computed at import time: meant to run on import."""
import os
import sys

BASE_DIR = os.getcwd()
WORKERS = max(1, len(sys.path))
NAMES = sorted(["b", "a"])
