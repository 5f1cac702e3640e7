import sys
from typing import TYPE_CHECKING

try:
    import tomllib
except ImportError:
    tomllib = None

if TYPE_CHECKING:
    from collections.abc import Iterator

if sys.version_info >= (3, 8):
    from functools import cached_property
elif sys.version_info >= (3, 0):
    cached_property = property
else:
    raise_error = True

try:
    import _mainguard_fixture_missing_module as extra
except ImportError:
    extra = None
else:
    pass
finally:
    pass


class Box:
    @cached_property
    def size(self):
        return 3


def main():
    print(tomllib is not None, extra, Box().size)


if __name__ == "__main__":
    main()
