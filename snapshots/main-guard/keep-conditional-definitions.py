import sys

if sys.platform.startswith("win"):
    def platform_name():
        return "windows"
else:
    def platform_name():
        return "posix"


def main():
    print(platform_name() in ("windows", "posix"))


if __name__ == "__main__":
    main()
