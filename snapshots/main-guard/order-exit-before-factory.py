import os, sys

scripts = os.getenv("scripts")


def main():
    if len(sys.argv) < 3:
        print("usage: new_script.py KIND NAME")
        sys.exit()
    outputdir = os.path.join(scripts, "dev")


if __name__ == "__main__":
    main()
