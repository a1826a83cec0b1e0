"""Evidence files that no row names: what an upload leaves behind when its server is killed or
its transaction fails after the file was written (the row and the file cannot be written in one
step). They are found in the storage itself, so object storage works as the file system does,
and only once older than a grace period: an upload in progress has its file before its row.
"""

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.storage import Storage, default_storage
from django.utils import timezone

from .models import EvidenceFile

# Every evidence file is stored under this folder (models.evidence_path).
FOLDER = "evidence"


@dataclass(frozen=True)
class Orphan:
    name: str
    size: int
    modified_at: datetime


def _names(storage: Storage, folder: str) -> Iterator[str]:
    if not storage.exists(folder):
        return
    folders, files = storage.listdir(folder)
    for name in files:
        yield posixpath.join(folder, name)
    for sub in folders:
        yield from _names(storage, posixpath.join(folder, sub))


def orphans(
    *, grace: timedelta, now: datetime | None = None, storage: Storage | None = None
) -> list[Orphan]:
    """The files under evidence/ that no EvidenceFile names, last changed more than `grace`
    before `now`, by name. Reads the storage and one query; changes nothing."""
    storage = storage or default_storage
    before = (now or timezone.now()) - grace
    known = set(EvidenceFile.objects.values_list("file", flat=True))
    found = []
    for name in sorted(_names(storage, FOLDER)):
        if name in known:
            continue
        modified_at = storage.get_modified_time(name)
        if modified_at <= before:
            found.append(Orphan(name, storage.size(name), modified_at))
    return found


def sweep(found: list[Orphan], *, storage: Storage | None = None) -> None:
    """Delete the files `orphans` found. A name that a row has meanwhile come to name is kept."""
    storage = storage or default_storage
    named = set(
        EvidenceFile.objects.filter(file__in=[o.name for o in found]).values_list("file", flat=True)
    )
    for orphan in found:
        if orphan.name not in named:
            storage.delete(orphan.name)
