"""Fault tests of evidence uploads (`pytest -m fault`): a real server on loopback killed with
SIGKILL in the middle of an upload, and a full disk. Each asserts that nothing is lost and that
nothing half-made is left where it would be taken for real."""

import errno
import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from parindex.assessments import orphans
from parindex.assessments.models import Entry, Evidence, EvidenceFile
from parindex.core.models import AuditEntry
from parindex.core.storage import AtomicFileSystemStorage, is_partial
from parindex.testing import faults
from parindex.testing.evidence import evidence_url, post_evidence
from parindex.testing.factories import PDF, add_document, criterion, stored_files, upload

pytestmark = pytest.mark.fault

# Several chunks, so that the server can be stopped with part of the file written.
BIG_PDF = PDF + b"\n%" + b"x" * (4 * faults.CHUNK)
CSRF = "f" * 32


def _upload_killed(officer, assessment, tmp_path, pause: str) -> None:
    browser = Client()
    browser.force_login(officer)
    body = encode_multipart(
        BOUNDARY,
        {"title": "Kế hoạch CCHC 2026", "file": upload("ke-hoach.pdf", BIG_PDF)},
    )
    headers = {
        "Content-Type": MULTIPART_CONTENT,
        "Cookie": f"sessionid={browser.cookies['sessionid'].value}; csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
    }
    with faults.server(tmp_path, pause=pause) as (port, process):
        path = evidence_url("evidence_upload", assessment, "1.1")
        with faults.send_post(port, path, body, headers):
            faults.kill_when_paused(tmp_path, process)
    faults.copy_back(tmp_path)


def _nothing_recorded() -> None:
    assert not Evidence.objects.exists() and not EvidenceFile.objects.exists()
    assert not Entry.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="evidence.").exists()


def _sweep(*extra) -> str:
    out = StringIO()
    call_command("sweep_evidence_files", "--grace-hours", "0", *extra, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_server_killed_while_writing_the_file_leaves_no_row_and_no_half_file(
    officer, open_assessment, tmp_path, media
):
    """Killed (SIGKILL) after the first chunk of the file reached the disk: no Evidence,
    EvidenceFile, Entry or audit row; no file under a real name, only a `.partial-` write, which
    `sweep_evidence_files --dry-run` lists and keeps, and the sweep then deletes."""
    _upload_killed(officer, open_assessment, tmp_path, "mid-write")
    _nothing_recorded()
    left = stored_files(media)
    assert left and all(is_partial(path.name) for path in left)
    listed = _sweep("--dry-run")
    assert left[0].name in listed and "1 tệp" in listed
    assert stored_files(media) == left
    _sweep()
    assert stored_files(media) == []


@pytest.mark.django_db(transaction=True)
def test_a_server_killed_after_writing_the_file_leaves_a_whole_file_the_sweep_removes(
    officer, open_assessment, tmp_path, media
):
    """Killed once the file is whole under its name but before the row is committed: no row
    (the transaction died with the server); the file is complete (same SHA-256 as sent); the
    sweep finds it as an orphan only past the grace period, and deletes it."""
    _upload_killed(officer, open_assessment, tmp_path, "after-write")
    _nothing_recorded()
    [left] = stored_files(media)
    assert not is_partial(left.name)
    assert hashlib.sha256(left.read_bytes()).digest() == hashlib.sha256(BIG_PDF).digest()
    assert orphans.orphans(grace=timedelta(hours=1)) == []  # an upload may still be running
    _sweep()
    assert stored_files(media) == []


def test_the_sweep_keeps_every_file_a_row_names(officer_client, open_assessment, media):
    """A stored upload is never an orphan, whatever the grace period."""
    post_evidence(officer_client, open_assessment, "1.1", upload("qd.pdf"))
    assert EvidenceFile.objects.count() == 1
    assert "0 tệp" in _sweep("--dry-run")
    _sweep()
    assert len(stored_files(media)) == 1


def _everything(media) -> tuple:
    """The entries, file versions, documents, audit entries and stored files, as they are."""
    return (
        list(Entry.objects.values()),
        list(EvidenceFile.objects.values()),
        Evidence.objects.count(),
        AuditEntry.objects.count(),
        stored_files(media),
    )


class FullDisk(AtomicFileSystemStorage):
    def _save(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_refuses_the_upload_in_vietnamese_and_keeps_the_answer(
    officer, officer_client, open_assessment, media, monkeypatch
):
    """The storage raises ENOSPC, for a new document (plain POST and htmx) and for a new version
    of a stored one: the user reads a Vietnamese message (no 500), no Evidence, EvidenceFile or
    audit row is written, nothing new is left in the storage, the stored version is untouched,
    and the item's saved answer is unchanged."""
    Entry.objects.create(
        assessment=open_assessment,
        criterion=criterion(open_assessment, "1.4"),
        points="0.75",
        explanation="Đã ban hành kế hoạch",
        updated_by=officer,
    )
    document = add_document(open_assessment, officer, "1.1")
    before = _everything(media)
    monkeypatch.setattr(EvidenceFile.file.field, "storage", FullDisk())
    for htmx in (False, True):
        response = post_evidence(
            officer_client, open_assessment, "1.4", upload("qd.pdf"), htmx=htmx, title="QĐ 125"
        )
        assert response.status_code == 200
        assert "Máy chủ không còn chỗ lưu tệp" in response.content.decode()
    response = officer_client.post(
        reverse("assessments:evidence_version", args=[document.pk]),
        {"file": upload("qd-125-ban-ky.pdf")},
    )
    assert response.status_code == 200
    assert "Máy chủ không còn chỗ lưu tệp" in response.content.decode()
    assert _everything(media) == before
