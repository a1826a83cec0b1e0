"""Asking for a publication's annual report and building it in the background: the content
(loading.annual_report), the Word document, the PDF/A signed when the installation signs, both
stored in the default storage, with the parts written recorded as it goes for the page to show."""

import functools
import logging
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.core import signing
from parindex.core.documents import LANGUAGE
from parindex.results.models import Publication
from parindex.results.preview import PROGRESS_SECONDS
from parindex.results.stored_documents import FOLDER
from parindex.results.verification import Recognised

from . import loading, pdf, word
from .models import AnnualReport

logger = logging.getLogger(__name__)


def folder(asked: AnnualReport) -> str:
    publication = asked.publication
    return f"{FOLDER}/{publication.year}/phien-ban-{publication.version}/bao-cao-nam-{asked.pk}"


def latest(publication: Publication) -> AnnualReport | None:
    return AnnualReport.objects.filter(publication=publication).first()


@transaction.atomic
def request_report(publication: Publication, *, by: User) -> AnnualReport:
    """Ask for the annual report of `publication`; one being built is returned rather than asked
    for twice. Earlier reports stay (a copy of their PDF is still recognised). Side effects: the
    AnnualReport, the task enqueued once committed."""
    pending = next(
        (one for one in AnnualReport.objects.filter(publication=publication) if one.building),
        None,
    )
    if pending is not None:
        return pending
    asked = AnnualReport.objects.create(publication=publication, requested_by=by)
    transaction.on_commit(functools.partial(build_annual_report.enqueue, asked.pk))
    return asked


@task
def build_annual_report(report_id: int) -> None:
    """The background task (the results' worker runs it: `manage.py db_worker`): build an annual
    report asked for (request_report), unless it is gone."""
    asked = AnnualReport.objects.filter(pk=report_id).select_related("publication").first()
    if asked is not None:
        build(asked)


def build(asked: AnnualReport) -> None:
    """Build the report `asked` for; a failure is recorded as its error (and logged). Side
    effects: the AnnualReport's progress, files, fingerprint, signer and finish; the files."""
    rows = AnnualReport.objects.filter(pk=asked.pk)
    written = [-PROGRESS_SECONDS]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - written[0] >= PROGRESS_SECONDS:
            rows.update(done=done, total=total)
            written[0] = now

    try:
        with translation.override(LANGUAGE):
            content = loading.annual_report(asked.publication)
            parts = len(content.blocks)
            progress(0, 2 * parts)
            docx = word.report_docx(content, lambda done: progress(done, 2 * parts))
            progress(parts, 2 * parts)
            document = pdf.report_pdf(content, lambda done: progress(parts + done, 2 * parts))
    except Exception:
        logger.exception(
            "Annual report %s of publication %s failed", asked.pk, asked.publication_id
        )
        rows.update(
            finished_at=timezone.now(),
            error=_("Không tạo được báo cáo; hãy thử lại hoặc báo quản trị hệ thống."),
        )
        return
    recorded: dict = {}
    if signing.is_configured():
        reason = _("Báo cáo Chỉ số CCHC năm %(year)s") % {"year": asked.publication.year}
        document = signing.sign_pdf(document, reason=reason, location=settings.PROVINCE_NAME)
        recorded = {"pdf_signer": signing.signer_name(), "pdf_signed_at": timezone.now()}
    asked.docx.save(f"{folder(asked)}/bao-cao.docx", ContentFile(docx), save=False)
    asked.pdf.save(f"{folder(asked)}/bao-cao.pdf", ContentFile(document), save=False)
    rows.update(
        docx=asked.docx.name,
        pdf=asked.pdf.name,
        pdf_sha256=signing.sha256(document),
        done=2 * parts,
        total=2 * parts,
        finished_at=timezone.now(),
        **recorded,
    )


def recognise(digest: str) -> Recognised | None:
    """The annual report whose stored PDF has this SHA-256, for the verification page."""
    found = (
        AnnualReport.objects.filter(pdf_sha256=digest, finished_at__isnull=False)
        .select_related("publication")
        .first()
    )
    if found is None:
        return None
    publication = found.publication
    return Recognised(
        _("báo cáo Chỉ số CCHC năm %(year)s (phiên bản %(version)s của kết quả)")
        % {"year": publication.year, "version": publication.version}
    )
