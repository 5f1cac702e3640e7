"""Settings read by the web framework, which imports this module by name."""
import os

BASE_DIR = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = open(os.path.join(BASE_DIR, "secret.txt")).read().strip()
DEBUG = os.environ.get("DEBUG") == "1"
ALLOWED_HOSTS = ["localhost"]
