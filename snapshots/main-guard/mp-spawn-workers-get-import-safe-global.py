import os
from multiprocessing import Pool

base_dir = os.getenv("MG_FIXTURE_BASE") or "/srv"


def report_path(name):
    return os.path.join(reports, name)


# Workers started by spawn or forkserver import this module rather than run it:
if __name__ != "__main__":
    reports = os.path.join(base_dir, "reports")


def main():
    global reports
    print("writing reports")
    reports = os.path.join(base_dir, "reports")
    with Pool(2) as pool:
        print(pool.map(report_path, ["a.txt", "b.txt"]))


if __name__ == "__main__":
    main()
