"""Evidence (tài liệu kiểm chứng): the unit's library, and attaching documents to the items of a
self-assessment. Files are checked on the way in by `files.py`; they are append-only: replacing
adds a version and nothing is ever deleted.
"""

import errno
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.catalog.models import Criterion
from parindex.core import audit
from parindex.core.dates import day_text
from parindex.core.models import AuditEntry
from parindex.core.text import nfc

from . import access, workflow
from .files import CheckedFile, EvidenceError
from .models import Entry, EntryEvidence, Evidence, EvidenceFile, UnitAssessment

REFERENCE_FIELDS = ("title", "reference_number", "issued_on", "issuer", "summary")
# Recorded on the item a document is attached to or detached from (a self-assessment entry, an
# explanation request), naming the document by its evidence_id.
LINK_ACTIONS = (
    "evidence.upload",
    "evidence.link",
    "evidence.unlink",
    "explanation.upload",
    "explanation.link",
    "explanation.unlink",
)


# Reading -------------------------------------------------------------------------------------


def files_newest_first() -> Prefetch:
    return Prefetch("files", queryset=EvidenceFile.objects.order_by("-version"))


def library(unit_id: int) -> QuerySet[Evidence]:
    """A unit's documents, newest first, with their files (newest version first) and the items
    using them: a constant number of queries whatever their number."""
    links = EntryEvidence.objects.select_related(
        "entry__criterion", "entry__assessment__period"
    ).order_by("-entry__assessment__period__year", "entry__criterion__position")
    return Evidence.objects.filter(unit_id=unit_id).prefetch_related(
        files_newest_first(), Prefetch("links", queryset=links)
    )


def item_evidence(assessment: UnitAssessment, criterion_id: int) -> list[Evidence]:
    """The documents linked to one item, by title, each with its files newest first."""
    return list(
        Evidence.objects.filter(
            links__entry__assessment=assessment, links__entry__criterion_id=criterion_id
        )
        .order_by("title")
        .prefetch_related(files_newest_first())
    )


@dataclass
class EvidenceItem:
    """What `scorecard.html#evidence` needs of an item (the scorecard's Item has the same
    attributes)."""

    criterion_id: int
    code: str
    evidence_rule: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def evidence_required(self) -> bool:
        return self.evidence_rule == Criterion.Evidence.REQUIRED


def item_context(
    assessment: UnitAssessment, criterion: Criterion, user: User, now: datetime | None = None
) -> dict:
    """The context `assessments/scorecard.html#evidence` renders one item with."""
    return {
        "assessment": assessment,
        "item": EvidenceItem(
            criterion.pk,
            criterion.code,
            criterion.evidence,
            item_evidence(assessment, criterion.pk),
        ),
        "library": list(Evidence.objects.filter(unit_id=assessment.unit_id).order_by("title")),
        "can_change": access.can_edit_entries(user, assessment)
        and workflow.can_change_entries(assessment, now),
    }


def users_of(evidence: Evidence) -> QuerySet[EntryEvidence]:
    """Where a document is used: the items of every self-assessment, newest period first."""
    return (
        EntryEvidence.objects.filter(evidence=evidence)
        .select_related("entry__criterion", "entry__assessment__period", "linked_by")
        .order_by("-entry__assessment__period__year", "entry__criterion__position")
    )


def history(evidence: Evidence) -> QuerySet[AuditEntry]:
    """The document's audit entries and those of the items it was attached to or detached from
    (recorded on the item, as its history shows them), newest first, in one query."""
    named = Q(new__evidence_id=evidence.pk) | Q(old__evidence_id=evidence.pk)
    return audit.history_of(evidence) | AuditEntry.objects.filter(named, action__in=LINK_ACTIONS)


def revise_refusal(evidence: Evidence, now: datetime | None = None) -> str:
    """Why the document cannot be edited or get a new version now ("" if it can): a closed or
    submitted self-assessment keeps the documents it had. (An explanation keeps the file versions
    it was sent with on its own, so it does not hold the library back.)"""
    return _refusal(_assessments_using(evidence), now)


def _refusal(using: list[UnitAssessment], now: datetime | None) -> str:
    for assessment in using:
        why = workflow.change_refusal(assessment, now)
        if why:
            return _(
                "Tài liệu đang được dùng trong hồ sơ tự đánh giá “%(period)s”: %(why)s "
                "Nếu cần, hãy tải lên thành một tài liệu mới."
            ) % {"period": assessment.period.title, "why": why}
    return ""


def _assessments_using(evidence: Evidence, *, lock: bool = False) -> list[UnitAssessment]:
    ids = EntryEvidence.objects.filter(evidence=evidence).values("entry__assessment_id")
    rows = UnitAssessment.objects.filter(pk__in=ids).select_related("period")
    if lock:
        rows = rows.select_for_update(of=("self",))
    return list(rows.order_by("pk"))


# Changing ------------------------------------------------------------------------------------


def describe(evidence: Evidence, stored: EvidenceFile | None = None) -> dict:
    """A document (and one file version) as the audit trail keeps it, empty fields left out."""
    values = {"evidence_id": evidence.pk} | _reference_shown(evidence)
    if stored is not None:
        values |= _file_shown(stored)
    return {name: value for name, value in values.items() if value not in ("", None)}


def _reference_shown(evidence: Evidence) -> dict:
    issued_on = day_text(evidence.issued_on) if evidence.issued_on else ""
    return {name: getattr(evidence, name) for name in REFERENCE_FIELDS} | {"issued_on": issued_on}


def _file_shown(stored: EvidenceFile) -> dict:
    return {
        "file": stored.original_name,
        "version": stored.version,
        "size": stored.size,
        "sha256": stored.sha256,
    }


def _reference(data: dict) -> dict:
    """The reference fields of `data`, text stripped and NFC, a missing date None."""
    text = [name for name in REFERENCE_FIELDS if name != "issued_on"]
    values = {name: nfc((data.get(name) or "").strip()) for name in text}
    return values | {"issued_on": data.get("issued_on") or None}


def _lock(assessment: UnitAssessment, now: datetime | None) -> UnitAssessment:
    """The unit's row, locked (serialises evidence changes with saves and submission), after
    checking that the self-assessment may change."""
    assessment = (
        UnitAssessment.objects.select_for_update(of=("self",))
        .select_related("period", "unit")
        .get(pk=assessment.pk)
    )
    workflow.check_can_change(assessment, now)
    return assessment


def _entry(assessment: UnitAssessment, criterion: Criterion, by: User) -> Entry:
    entry, _created = Entry.objects.get_or_create(
        assessment=assessment, criterion=criterion, defaults={"updated_by": by}
    )
    entry.assessment, entry.criterion = assessment, criterion
    return entry


def _store(evidence: Evidence, checked: CheckedFile, *, version: int, by: User) -> EvidenceFile:
    stored = EvidenceFile(
        evidence=evidence,
        version=version,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    checked.upload.seek(0)
    try:
        stored.file.save(checked.name, checked.upload, save=False)
    except OSError as error:
        # A full disk (or a storage that cannot be written) is the server's problem, not the
        # file's: the user is told so instead of a server error, and the transaction writes no row.
        raise EvidenceError(
            _(
                "Máy chủ không còn chỗ lưu tệp nên chưa nhận được “%(name)s”; các nội dung đã "
                "nhập vẫn được giữ. Vui lòng thử lại sau hoặc báo quản trị hệ thống."
            )
            % {"name": checked.name}
            if error.errno == errno.ENOSPC
            else _("Máy chủ chưa lưu được tệp “%(name)s”. Vui lòng thử lại sau.")
            % {"name": checked.name}
        ) from error
    stored.save()
    return stored


def create_document(
    unit, *, file: CheckedFile | None, reference: dict, by: User
) -> tuple[Evidence, EvidenceFile | None]:
    """A new document in the unit's library: its reference (the title defaults to the file's
    name) and `file`, already accepted by `check_upload`, as version 1.

    Raises EvidenceError (neither file nor title). Side effects: Evidence, EvidenceFile (the file
    written to storage), audit `evidence.create` on the document.
    """
    values = _reference(reference)
    if not values["title"] and file is not None:
        values["title"] = PurePosixPath(file.name).stem or file.name
    if not values["title"]:
        raise EvidenceError(_("Vui lòng chọn tệp hoặc nhập tên tài liệu."))
    evidence = Evidence.objects.create(unit=unit, created_by=by, **values)
    stored = _store(evidence, file, version=1, by=by) if file else None
    audit.record("evidence.create", evidence, by=by, new=describe(evidence, stored))
    return evidence, stored


def _touch(*assessments: UnitAssessment) -> None:
    UnitAssessment.objects.filter(pk__in=[a.pk for a in assessments]).update(
        last_activity_at=timezone.now()
    )


@transaction.atomic
def upload_to_item(
    assessment: UnitAssessment,
    criterion: Criterion,
    *,
    file: CheckedFile | None,
    reference: dict,
    by: User,
    now: datetime | None = None,
) -> Evidence:
    """Add a document to the unit's library (with `file` as version 1, or a reference only) and
    attach it to the item.

    Raises WorkflowError (window closed, submitted) and EvidenceError (neither file nor title).
    Side effects: Evidence, EvidenceFile (the file written to storage), the item's Entry when it
    had none (empty), EntryEvidence, audit entries `evidence.create` (on the document) and
    `evidence.upload` (on the entry), the unit's last activity.
    """
    assessment = _lock(assessment, now)
    evidence, stored = create_document(assessment.unit, file=file, reference=reference, by=by)
    entry = _entry(assessment, criterion, by)
    EntryEvidence.objects.create(entry=entry, evidence=evidence, linked_by=by)
    audit.record(
        "evidence.upload",
        entry,
        by=by,
        new={"code": criterion.code, **describe(evidence, stored)},
    )
    _touch(assessment)
    return evidence


@transaction.atomic
def link_to_item(
    assessment: UnitAssessment,
    criterion: Criterion,
    evidence: Evidence,
    *,
    by: User,
    now: datetime | None = None,
) -> None:
    """Attach a document of the unit's library to the item.

    Raises WorkflowError, EvidenceError (another unit's document, already attached). Side
    effects: the item's Entry when it had none, EntryEvidence, audit `evidence.link` on the
    entry, the unit's last activity.
    """
    assessment = _lock(assessment, now)
    if evidence.unit_id != assessment.unit_id:
        raise EvidenceError(_("Tài liệu không thuộc thư viện của đơn vị."))
    entry = _entry(assessment, criterion, by)
    if entry.links.filter(evidence=evidence).exists():
        raise EvidenceError(
            _("Tài liệu “%(title)s” đã được gắn với tiêu chí %(code)s.")
            % {"title": evidence.title, "code": criterion.code}
        )
    EntryEvidence.objects.create(entry=entry, evidence=evidence, linked_by=by)
    audit.record("evidence.link", entry, by=by, new={"code": criterion.code, **describe(evidence)})
    _touch(assessment)


@transaction.atomic
def unlink_from_item(
    assessment: UnitAssessment,
    criterion: Criterion,
    evidence: Evidence,
    *,
    by: User,
    now: datetime | None = None,
) -> None:
    """Detach a document from the item; the document and its files stay in the library.

    Raises WorkflowError, EvidenceError (not attached). Side effects: deletes the EntryEvidence
    link, audit `evidence.unlink` on the entry, the unit's last activity.
    """
    assessment = _lock(assessment, now)
    link = (
        EntryEvidence.objects.filter(
            entry__assessment=assessment, entry__criterion=criterion, evidence=evidence
        )
        .select_related("entry")
        .first()
    )
    if link is None:
        raise EvidenceError(
            _("Tài liệu “%(title)s” không gắn với tiêu chí %(code)s.")
            % {"title": evidence.title, "code": criterion.code}
        )
    entry = link.entry
    entry.assessment, entry.criterion = assessment, criterion
    link.delete()
    audit.record(
        "evidence.unlink", entry, by=by, old={"code": criterion.code, **describe(evidence)}
    )
    _touch(assessment)


def _lock_for_revision(evidence: Evidence, now: datetime | None) -> list[UnitAssessment]:
    """Lock the document and the self-assessments using it; raise WorkflowError unless every
    one of them may still change."""
    # NO KEY UPDATE: serialises revisions of this document, yet never blocks the FK checks of
    # links being added to it (which hold the unit's row and would wait on us: a deadlock).
    Evidence.objects.select_for_update(no_key=True).filter(pk=evidence.pk).first()
    using = _assessments_using(evidence, lock=True)
    refusal = _refusal(using, now)
    if refusal:
        raise workflow.WorkflowError(refusal)
    return using


@transaction.atomic
def add_version(
    evidence: Evidence, file: CheckedFile, *, by: User, now: datetime | None = None
) -> EvidenceFile:
    """Replace a document's file by adding a version; earlier versions stay downloadable.

    Raises WorkflowError (the document is used by a self-assessment that can no longer change).
    Side effects: EvidenceFile (the file written to storage), audit `evidence.version` on the
    document (the file's name, version, size and hash that changed), the last activity of the
    self-assessments using it.
    """
    using = _lock_for_revision(evidence, now)
    previous = evidence.files.order_by("-version").first()
    stored = _store(evidence, file, version=previous.version + 1 if previous else 1, by=by)
    old, new = audit.changes(_file_shown(previous) if previous else {}, _file_shown(stored))
    audit.record("evidence.version", evidence, by=by, old=old, new=new)
    _touch(*using)
    return stored


@transaction.atomic
def update_reference(
    evidence: Evidence, data: dict, *, by: User, now: datetime | None = None
) -> None:
    """Change a document's title and official reference (số/ký hiệu, ngày, cơ quan, trích yếu).

    Raises WorkflowError as `add_version`. Side effects: the Evidence row, audit `evidence.edit`
    (old → new of the fields that changed), the last activity of the self-assessments using it.
    """
    values = _reference(data)
    if not values["title"]:
        raise EvidenceError(_("Vui lòng nhập tên tài liệu."))
    using = _lock_for_revision(evidence, now)
    before = _reference_shown(evidence)
    for name, value in values.items():
        setattr(evidence, name, value)
    evidence.save()
    old, new = audit.changes(before, _reference_shown(evidence))
    if new:
        audit.record("evidence.edit", evidence, by=by, old=old, new=new)
        _touch(*using)
