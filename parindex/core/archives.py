"""Zip containers (Office documents, OpenDocument, uploaded .xlsx) are checked before anything is
decompressed: a 200 MB zip bomb is 200 KB on disk. The central directory alone is enough, since
Python's zipfile never inflates an entry past its declared size."""

import zipfile

MAX_ENTRIES = 2000
MAX_TOTAL_FACTOR = 10  # total unpacked size ≤ 10 × the largest upload accepted
MAX_RATIO = 100  # per entry, for entries above RATIO_FROM bytes
RATIO_FROM = 1024 * 1024


def is_zip_bomb(entries: list[zipfile.ZipInfo], *, max_upload_bytes: int) -> bool:
    """Too many entries, too much unpacked data in total, or an entry compressed far more than
    documents ever are."""
    total = sum(entry.file_size for entry in entries)
    squeezed = any(
        entry.file_size > RATIO_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    return len(entries) > MAX_ENTRIES or total > MAX_TOTAL_FACTOR * max_upload_bytes or squeezed


def max_unpacked_bytes(max_upload_bytes: int) -> int:
    return MAX_TOTAL_FACTOR * max_upload_bytes
