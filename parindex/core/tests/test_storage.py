"""The file-system storage writes whole files or none (`core.storage`)."""

import errno

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import TemporaryUploadedFile

from parindex.core.storage import AtomicFileSystemStorage, is_partial


def _files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_file_is_stored_whole_under_its_name_and_nothing_else_is_left(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    name = storage.save("evidence/1/a.pdf", ContentFile(b"%PDF-1.4 whole"))
    assert name == "evidence/1/a.pdf"
    assert (tmp_path / name).read_bytes() == b"%PDF-1.4 whole"
    # A second file under the same name gets another name; the first is never replaced.
    other = storage.save("evidence/1/a.pdf", ContentFile(b"second"))
    assert other != name and (tmp_path / name).read_bytes() == b"%PDF-1.4 whole"
    assert _files(tmp_path) == sorted([name, other])


def test_a_storage_allowed_to_overwrite_replaces_the_file_whole(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path, allow_overwrite=True)
    storage.save("ket-qua/a.pdf", ContentFile(b"first"))
    assert storage.save("ket-qua/a.pdf", ContentFile(b"second")) == "ket-qua/a.pdf"
    assert (tmp_path / "ket-qua/a.pdf").read_bytes() == b"second"
    assert _files(tmp_path) == ["ket-qua/a.pdf"]


def test_a_large_upload_moved_from_its_temporary_file_is_stored_whole(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path / "media")
    upload = TemporaryUploadedFile("big.pdf", "application/pdf", 9, "utf-8")
    upload.write(b"%PDF-big!")
    upload.seek(0)
    name = storage.save("evidence/1/big.pdf", upload)
    assert (tmp_path / "media" / name).read_bytes() == b"%PDF-big!"
    assert _files(tmp_path / "media") == [name]


class _FailingHalfway(ContentFile):
    def chunks(self, chunk_size=None):
        yield b"first half"
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_write_that_fails_halfway_leaves_nothing(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    with pytest.raises(OSError, match="No space left"):
        storage.save("evidence/1/a.pdf", _FailingHalfway(b""))
    assert _files(tmp_path) == []
    assert is_partial("evidence/1/.partial-0123") and not is_partial("evidence/1/a.pdf")
