import sys

exec "value = 6 * 7"
print >>sys.stdout, value
