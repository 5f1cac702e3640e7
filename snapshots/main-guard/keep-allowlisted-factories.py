import collections
import contextvars
import dataclasses
import enum
import functools
import logging
import operator
import os
import pathlib
import re
import struct
import threading
from collections import namedtuple
from pathlib import Path, PurePath
from typing import NamedTuple, NewType, ParamSpec, TypedDict, TypeVar

T = TypeVar("T")
P = ParamSpec("P")
UserId = NewType("UserId", int)
Point = namedtuple("Point", "x y")
Pair = collections.namedtuple("Pair", ["left", "right"])
Row = NamedTuple("Row", [("name", str), ("size", int)])
Movie = TypedDict("Movie", {"title": str, "year": int})
Color = enum.Enum("Color", "RED GREEN")
log = logging.getLogger(__name__)
WORD = re.compile(r"\w+")
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "file.txt")
BASE = os.path.basename(DATA)
STEM, EXT = os.path.splitext(BASE)
REAL = os.path.realpath(HERE)
HOME = os.path.expanduser("~")
ROOT = pathlib.Path(HERE)
CONF = Path("conf") / "app.ini"
PURE = PurePath("a", "b")
LEVEL = os.environ.get("MG_FIXTURE_LEVEL", "info")
USER = os.getenv("MG_FIXTURE_USER", "nobody")
SENTINEL = object()
FROZEN = frozenset({"b", "a"})
ITEMS = set([1, 2])
OPTIONS = dict(color=True)
COORDS = tuple([1, 2])
NAMES = list(("x", "y"))
to_int = functools.partial(int, base=2)
first = operator.itemgetter(0)
get_name = operator.attrgetter("name")
HEADER = struct.Struct("<I")
LOCK = threading.Lock()
RLOCK = threading.RLock()
READY = threading.Event()
REQUEST_ID = contextvars.ContextVar("request_id", default=0)
COUNTS = collections.Counter()
GROUPS = collections.defaultdict(list)
ORDER = collections.OrderedDict()
QUEUE = collections.deque(maxlen=3)
TAGS = dataclasses.field(default_factory=list)


def main():
    NUMBERS = list(range(5))
    print(T.__name__, P.__name__, UserId(5), Point(1, 2), Pair(1, 2), Row("r", 1))
    print(Movie(title="t", year=1), Color.RED.name, WORD.findall("a b"), BASE, STEM, EXT)
    print(CONF.as_posix(), PURE.as_posix(), ROOT.name == os.path.basename(REAL), LEVEL, USER)
    print(sorted(FROZEN), ITEMS, OPTIONS, COORDS, NAMES, to_int("101"), first("xy"))
    print(HEADER.size, LOCK.acquire(False), RLOCK.acquire(False), READY.is_set(), REQUEST_ID.get())
    print(COUNTS, dict(GROUPS), ORDER, QUEUE.maxlen, TAGS.default_factory(), NUMBERS)
    print(get_name(log), SENTINEL is not None, HOME == os.path.expanduser("~"))


if __name__ == "__main__":
    main()
