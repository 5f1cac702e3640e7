"""Constants of a small report tool."""
import os

global PLUGINS
__all__ = ["render"]
__all__ += ["TITLE"]
"""A bare string in the middle of the module."""
DEBUG = False
WIDTH = 4 * 10 + 2
NAME = "report"
ALIAS = NAME
SEP = os.sep
PAIRS = (("a", 1), ("b", 2))
LOOKUP = {k: v for k, v in PAIRS if v > 0}
DOUBLED = [n * 2 for n in (1, 2, 3)]
FLAGS = {"x", "y"} | {"z"}
READY = not DEBUG and WIDTH > 10
MODE = "wide" if WIDTH > 40 else "narrow"
TITLE = f"{NAME}:{WIDTH}"
SCALE = lambda value: value * WIDTH
FIRST, SECOND = "one", "two"
COUNT: int = 0
TOTAL: int
pass
...


def render():
    return TITLE


def main():
    print(render(), ALIAS, MODE, READY, sorted(FLAGS), LOOKUP, DOUBLED, SCALE(2))
    print(__all__, SEP == os.sep, FIRST, SECOND, COUNT)


if __name__ == "__main__":
    main()
