import sys


def task(i):
    return i * 2


def main():
    results = [task(i) for i in range(3)
        	if i != 1]
    for r in results:
        	# a comment line indented with spaces and a tab
        total = r + \
    		1
        print(total, file=sys.stdout)


if __name__ == "__main__":
    main()
