def main(argv):
    return "args=%d" % len(argv)


def _main():
    print(main(["a", "b"]))


if __name__ == "__main__":
    _main()
