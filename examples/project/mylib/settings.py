"""Settings computed on import, on purpose: left alone."""
import os

DEBUG = os.environ.get("DEBUG") == "1"
HOME = os.path.expanduser("~")
WORKERS = os.cpu_count() or 1
