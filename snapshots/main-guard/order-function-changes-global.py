counts = {"runs": 0}


def record():
    counts["runs"] += 1


def main():
    record()
    SUMMARY = "runs: %s" % counts
    print(SUMMARY)


if __name__ == "__main__":
    main()
