import sys


def show(value):
	return "value=%s" % value


def main():
	for item in (1, 2):
		print(show(item), file=sys.stdout)


if __name__ == "__main__":
	main()
