"""The published PDFs, rendered once and kept: a publication never changes, and WeasyPrint takes
about a second a document, so the year's report and every unit's scorecard are rendered after
publishing by a background task (store_documents) and kept in the default storage
(STORAGES["default"]: the file system here, object storage in a larger deployment; nothing assumes
a local path).
Downloads serve the stored file. A document not stored yet (no worker running, a publication
from before, a file lost) is rendered once by the download that asks for it, stored, and
served: a download never fails for want of a worker.

Two processes may render the same missing document at once: the first to record its file wins,
the other removes its copy.

Each stored file's SHA-256 is recorded, so that a copy can be recognised (the verification page);
the year's report is signed with the province's certificate when the installation has one
(core/signing.py), and who signed it and when is recorded.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Model
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.core import signing

from . import documents, pdf
from .models import Publication, PublishedResult

FOLDER = "ket-qua"


def report_name(publication: Publication) -> str:
    return f"{FOLDER}/{publication.year}/phien-ban-{publication.version}/bao-cao.pdf"


def scorecard_name(result: PublishedResult) -> str:
    publication = result.publication
    return (
        f"{FOLDER}/{publication.year}/phien-ban-{publication.version}/don-vi-{result.unit_id}.pdf"
    )


def report_pdf(publication: Publication) -> bytes:
    """The year's report as stored, stored first if it is not yet. Side effect: the file and
    `publication.report_pdf`."""
    stored = _read(publication, "report_pdf")
    if stored is not None:
        return stored
    content = pdf.results_pdf(publication)
    signed = {}
    if signing.is_configured():
        reason = _("Công bố kết quả Chỉ số CCHC năm %(year)s") % {"year": publication.year}
        content = signing.sign_pdf(content, reason=reason, location=settings.PROVINCE_NAME)
        signed = {"report_signer": signing.signer_name(), "report_signed_at": timezone.now()}
    recorded = {"report_sha256": signing.sha256(content)} | signed
    _store(publication, "report_pdf", report_name(publication), content, recorded)
    return content


def scorecard_pdf(result: PublishedResult, *, heads=None) -> bytes:
    """A unit's scorecard as stored, stored first if it is not yet. `result` comes with its
    publication, unit and level; `heads` as pdf.unit_pdf takes them. Side effect: the file and
    `result.scorecard_pdf`."""
    stored = _read(result, "scorecard_pdf")
    if stored is not None:
        return stored
    content = pdf.unit_pdf(result, heads=heads)
    recorded = {"scorecard_sha256": signing.sha256(content)}
    _store(result, "scorecard_pdf", scorecard_name(result), content, recorded)
    return content


@task
def store_documents(publication_id: int) -> int:
    """The background task (the worker is `manage.py db_worker`): render and store the
    documents of a publication; returns how many were rendered. Publishing enqueues it once its
    transaction commits."""
    publication = Publication.objects.filter(pk=publication_id).first()
    if publication is None:
        return 0
    return store_publication(publication)


def store_publication(publication: Publication) -> int:
    """Render and store every document of `publication` not stored yet: its report, then each
    unit's scorecard. Returns how many were rendered."""
    rendered = 0
    if not publication.report_pdf:
        report_pdf(publication)
        rendered += 1
    missing = list(
        PublishedResult.objects.filter(publication=publication, scorecard_pdf="").select_related(
            "publication", "unit", "level"
        )
    )
    heads = documents.heads([result.unit_id for result in missing])
    for result in missing:
        scorecard_pdf(result, heads=heads)
        rendered += 1
    return rendered


def _read(instance: Model, field: str) -> bytes | None:
    stored = getattr(instance, field)
    if not stored:
        return None
    try:
        with stored.storage.open(stored.name, "rb") as file:
            return file.read()
    except FileNotFoundError:
        return None  # lost from the storage: rendered and stored again


def _store(instance: Model, field: str, name: str, content: bytes, recorded: dict) -> None:
    """Save `content` and record it on `instance` with the `recorded` fields, unless another
    process recorded its own copy meanwhile (then ours is removed)."""
    stored = getattr(instance, field)
    storage, before = stored.storage, stored.name or ""
    saved = storage.save(name, ContentFile(content))
    rows = type(instance).objects.filter(pk=instance.pk, **{field: before})
    if rows.update(**{field: saved}, **recorded):
        setattr(instance, field, saved)
        for key, value in recorded.items():
            setattr(instance, key, value)
        return
    current = type(instance).objects.filter(pk=instance.pk).values_list(field, flat=True).first()
    if current != saved:
        storage.delete(saved)
