import sys


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--windows":
        def platform_name():
            return "windows"
    else:
        def platform_name():
            return "posix"
    print(platform_name() in ("windows", "posix"))


if __name__ == "__main__":
    main()
