import shutil


def main():
    for name in []:
        shutil.copy(name, name + ".bak")


if __name__ == "__main__":
    main()
