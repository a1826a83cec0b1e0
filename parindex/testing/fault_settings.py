"""The settings of a server that a fault test starts and kills (`testing/faults.py`): the
project's own, with a storage that stops in the middle of writing a file, or just after, and
says so, so that the test kills the server at that very point."""

from config.settings import *  # noqa: F403

STORAGES["default"] = {"BACKEND": "parindex.testing.faults.PausingStorage"}  # noqa: F405
