import subprocess
import sys


def main():
    subprocess.call([sys.executable, "-c", "print('child')"])


if __name__ == "__main__":
    main()
