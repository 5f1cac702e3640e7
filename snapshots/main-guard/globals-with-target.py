import io


def report():
    return "closed=%s" % handle.closed


def main():
    global handle
    with io.StringIO("line one\nline two\n") as handle:
        lines = handle.read().splitlines()
    print(len(lines), report())


if __name__ == "__main__":
    main()
