import sys

exec("value = 6 * 7")
print(value, file=sys.stdout)
