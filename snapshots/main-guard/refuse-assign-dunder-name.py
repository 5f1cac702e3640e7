import sys

print("name before", __name__)
__name__ = "renamed"
print("name after", __name__, file=sys.stdout)
