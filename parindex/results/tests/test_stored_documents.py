"""The published PDFs are rendered once, by the task publishing enqueues (or by the first
download that finds none), kept in the default storage, and served from there."""

import io

import pypdf
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from parindex.results import pdf, publishing, stored_documents
from parindex.results.models import Publication, PublishedResult
from parindex.testing.factories import stored_files

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def is_pdf_a(content: bytes) -> bool:
    metadata = pypdf.PdfReader(io.BytesIO(content)).xmp_metadata
    return (metadata.pdfaid_part, metadata.pdfaid_conformance) == ("2", "B")


def test_publishing_stores_every_document_once_committed(
    finalized, admin_user, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publication = publishing.publish(finalized[0].period, by=admin_user)
    assert len(callbacks) == 1
    publication.refresh_from_db()
    assert publication.report_pdf.name == "ket-qua/2026/phien-ban-1/bao-cao.pdf"
    names = sorted(PublishedResult.objects.values_list("scorecard_pdf", flat=True))
    assert names == sorted(
        f"ket-qua/2026/phien-ban-1/don-vi-{assessment.unit_id}.pdf" for assessment in finalized
    )
    assert [path.relative_to(media).as_posix() for path in stored_files(media)] == sorted(
        [publication.report_pdf.name, *names]
    )
    for name in (publication.report_pdf.name, *names):
        with default_storage.open(name) as file:
            assert is_pdf_a(file.read())


def test_nothing_is_stored_before_the_publication_commits(publication, media):
    assert stored_files(media) == []
    assert publication.report_pdf.name == ""


# The worker closes connections it finds inside a transaction: a test's own would be closed.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_the_database_queue_holds_the_task_until_the_worker_runs_it(finalized, admin_user, media):
    publication = publishing.publish(finalized[0].period, by=admin_user)
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.args_kwargs["args"]) == (
        "parindex.results.stored_documents.store_documents",
        [publication.pk],
    )
    assert stored_files(media) == []
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    task.refresh_from_db()
    assert (task.status, task.return_value) == ("SUCCESSFUL", 3)
    assert len(stored_files(media)) == 3


def test_a_download_renders_what_is_missing_once_then_serves_the_stored_file(
    client, publication, justice, media, monkeypatch, django_assert_num_queries
):
    addresses = {
        "report": reverse("results:results_pdf", kwargs={"year": 2026}),
        "scorecard": reverse("results:unit_pdf", kwargs={"year": 2026, "unit_pk": justice.pk}),
    }
    first = {name: client.get(address).content for name, address in addresses.items()}
    assert len(stored_files(media)) == 2
    publication.refresh_from_db()
    with default_storage.open(publication.report_pdf.name) as file:
        assert file.read() == first["report"]

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(pdf, "results_pdf", no_rendering)
    monkeypatch.setattr(pdf, "unit_pdf", no_rendering)
    # The publication (and the unit's result): the file's name comes with its row.
    for name, queries in (("report", 1), ("scorecard", 2)):
        with django_assert_num_queries(queries):
            response = client.get(addresses[name])
        assert response.content == first[name]
    monkeypatch.undo()
    # The task renders only what no download stored.
    assert stored_documents.store_documents.call(publication.pk) == 1  # Sở Tài chính's scorecard
    assert stored_documents.store_documents.call(publication.pk) == 0


def test_a_lost_file_is_rendered_and_stored_again(client, publication, media):
    stored_documents.report_pdf(publication)
    default_storage.delete(publication.report_pdf.name)
    response = client.get(reverse("results:results_pdf", kwargs={"year": 2026}))
    assert is_pdf_a(response.content)
    publication.refresh_from_db()
    assert default_storage.exists(publication.report_pdf.name)


def test_when_two_processes_store_the_same_document_the_first_one_is_kept(publication, media):
    other_process = Publication.objects.get(pk=publication.pk)
    stored_documents.report_pdf(publication)
    first = publication.report_pdf.name
    # The other process read the row before the first stored its file.
    fingerprint = publication.report_sha256
    stored_documents._store(
        other_process, "report_pdf", first, b"%PDF-1.7 another copy", {"report_sha256": "other"}
    )
    publication.refresh_from_db()
    assert publication.report_pdf.name == first
    assert publication.report_sha256 == fingerprint
    assert [path.relative_to(media).as_posix() for path in stored_files(media)] == [first]


def test_the_task_of_a_publication_gone_does_nothing():
    assert stored_documents.store_documents.call(12345) == 0
