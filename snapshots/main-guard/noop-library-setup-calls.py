"""A library module: its import-time statements set it up; nothing here is script work."""
import atexit
import codecs

_registry = {}
decoding_map = codecs.make_identity_dict(range(4))
decoding_map.update({0: 1})


def register(name, func):
    _registry[name] = func


def _cleanup():
    _registry.clear()


def _install_defaults():
    register("identity", lambda x: x)


_install_defaults()
atexit.register(_cleanup)
VERSION = ".".join(["1", "0"])
del codecs
