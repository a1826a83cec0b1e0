"""Evidence (tài liệu kiểm chứng): checking uploaded files, the unit's library, and attaching
documents to the items of a self-assessment.

A file is accepted only when its content is one of the allowed kinds and agrees with its
extension: libmagic reads the content; Office zip containers (.docx, .xlsx, .odt, .ods) are then
recognised by their structure, after their central directory has been checked against zip bombs
(libmagic only sees the first entries and often just says "zip"). Files are append-only: replacing
adds a version and nothing is ever deleted. The user's file name is kept (NFC) for display and
downloads only; storage paths are random (`models.evidence_path`).
"""

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath

import magic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.catalog.models import Criterion
from parindex.core import audit
from parindex.core.archives import is_zip_bomb
from parindex.core.dates import day_text
from parindex.core.models import AuditEntry
from parindex.core.numbers import format_size
from parindex.core.text import nfc

from . import access, workflow
from .models import Entry, EntryEvidence, Evidence, EvidenceFile, UnitAssessment

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

# The only extensions accepted, and the content each must have.
EXTENSIONS = {
    ".pdf": PDF,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
    ".doc": DOC,
    ".docx": DOCX,
    ".xls": XLS,
    ".xlsx": XLSX,
    ".odt": ODT,
    ".ods": ODS,
}
KIND_LABELS = {
    PDF: "PDF",
    JPEG: "JPEG",
    PNG: "PNG",
    DOC: "Word (.doc)",
    DOCX: "Word (.docx)",
    XLS: "Excel (.xls)",
    XLSX: "Excel (.xlsx)",
    ODT: "OpenDocument (.odt)",
    ODS: "OpenDocument (.ods)",
}
# Shown in the browser on request; everything else is always downloaded.
INLINE_TYPES = frozenset({PDF, JPEG, PNG})
ACCEPT = ",".join(EXTENSIONS)

# The kinds libmagic recognises directly (it names them as we do).
DIRECT_TYPES = frozenset({PDF, JPEG, PNG, DOC, XLS})
ZIP_MAGIC = frozenset({"application/zip", "application/x-zip-compressed", DOCX, XLSX, ODT, ODS})
# Old Word/Excel files that libmagic reports only as OLE storage: told apart by their streams.
OLE_MAGIC = frozenset(
    {"application/x-ole-storage", "application/cdfv2", "application/vnd.ms-office"}
)
OLE_STREAMS = ((DOC, ("WordDocument",)), (XLS, ("Workbook", "Book")))
MAGIC_HEAD_BYTES = 1024 * 1024

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f/\\]")
NAME_MAX = 255
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


class EvidenceError(Exception):
    """A refused file or change; the message says why, in the user's language."""


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed `check_upload`; only these are ever stored."""

    upload: UploadedFile
    name: str
    content_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return settings.EVIDENCE_MAX_BYTES


def allowed_kinds_text() -> str:
    return _(
        "Chỉ nhận tệp PDF, ảnh JPEG/PNG, Word (.doc, .docx), Excel (.xls, .xlsx), "
        "OpenDocument (.odt, .ods)."
    )


def upload_hint() -> str:
    """What the upload forms say next to the file input, before anything is refused."""
    return _("PDF, ảnh JPEG/PNG, Word, Excel, OpenDocument. Tối đa %(size)s.") % {
        "size": format_size(max_bytes())
    }


def clean_name(name: str) -> str:
    """The user's file name as shown and offered for download: NFC, no path or control characters,
    at most 255 characters with its extension kept."""
    name = CONTROL_CHARACTERS.sub("", nfc(PurePosixPath(name.replace("\\", "/")).name)).strip()
    suffix = PurePosixPath(name).suffix[:16]
    if len(name) > NAME_MAX:
        name = name[: NAME_MAX - len(suffix)] + suffix
    return name


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Accept an uploaded file or raise EvidenceError saying why (Vietnamese). Reads the file
    (hash, type); writes nothing."""
    name = clean_name(upload.name or "")
    extension = PurePosixPath(name).suffix.lower()
    if not upload.size:
        raise EvidenceError(_("Tệp “%(name)s” rỗng, không có nội dung.") % {"name": name})
    if upload.size > max_bytes():
        raise EvidenceError(
            _("Tệp “%(name)s” quá lớn (%(size)s); dung lượng tối đa là %(max)s.")
            % {
                "name": name,
                "size": format_size(upload.size),
                "max": format_size(max_bytes()),
            }
        )
    if extension not in EXTENSIONS:
        raise EvidenceError(
            _("Không nhận tệp có phần mở rộng “%(ext)s”. %(allowed)s")
            % {"ext": extension or _("(không có)"), "allowed": allowed_kinds_text()}
        )
    content_type = detect_type(upload)
    if content_type is None:
        raise EvidenceError(
            _("Nội dung tệp “%(name)s” không phải là loại tệp được nhận. %(allowed)s")
            % {"name": name, "allowed": allowed_kinds_text()}
        )
    if content_type != EXTENSIONS[extension]:
        raise EvidenceError(
            _("Nội dung tệp là %(kind)s, không khớp với phần mở rộng “%(ext)s”.")
            % {"kind": KIND_LABELS[content_type], "ext": extension}
        )
    size, sha256 = _digest(upload)
    return CheckedFile(upload, name, content_type, size, sha256)


def _digest(upload: UploadedFile) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return size, digest.hexdigest()


def detect_type(upload: UploadedFile) -> str | None:
    """The allowed content type the file's content is, or None for anything else."""
    upload.seek(0)
    found = magic.from_buffer(upload.read(MAGIC_HEAD_BYTES), mime=True).lower()
    upload.seek(0)
    if found in DIRECT_TYPES:
        return found
    if found in ZIP_MAGIC:
        return _zip_type(upload)
    if found in OLE_MAGIC:
        return _ole_type(upload)
    return None


def _zip_type(upload: UploadedFile) -> str | None:
    """An Office document's type from its structure; None for any other archive. Raises
    EvidenceError for damaged archives and zip bombs."""
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if is_zip_bomb(entries, max_upload_bytes=max_bytes()):
                raise EvidenceError(
                    _(
                        "Tệp có cấu trúc nén bất thường (khi giải nén quá lớn hoặc quá nhiều "
                        "thành phần) nên không được nhận. Hãy mở tệp bằng Word/Excel, lưu lại "
                        "rồi tải lên lại."
                    )
                )
            names = {entry.filename for entry in entries}
            if "mimetype" in names:
                declared = archive.open("mimetype").read(100).decode("ascii", "replace").strip()
                return declared if declared in (ODT, ODS) else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        raise EvidenceError(
            _("Tệp bị hỏng hoặc không đọc được; hãy mở và lưu lại tệp rồi tải lên lại.")
        ) from None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names:
        if any(name.startswith("word/") for name in names):
            return DOCX
        if any(name.startswith("xl/") for name in names):
            return XLSX
    return None


def _ole_type(upload: UploadedFile) -> str | None:
    """Word or Excel 97–2003 by the name of their main stream (UTF-16 in the OLE directory)."""
    wanted = [
        (kind, stream.encode("utf-16-le")) for kind, streams in OLE_STREAMS for stream in streams
    ]
    overlap = max(len(pattern) for _kind, pattern in wanted)
    tail = b""
    upload.seek(0)
    try:
        for chunk in upload.chunks():
            window = tail + chunk
            for kind, pattern in wanted:
                if pattern in window:
                    return kind
            tail = window[-overlap:]
    finally:
        upload.seek(0)
    return None


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
    """What `_evidence.html` needs of an item (the scorecard's Item has the same attributes)."""

    criterion_id: int
    code: str
    evidence_rule: str
    evidence: list[Evidence] = field(default_factory=list)


def item_context(
    assessment: UnitAssessment, criterion: Criterion, user, now: datetime | None = None
) -> dict:
    """The context `assessments/_evidence.html` renders one item with."""
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
    submitted self-assessment, or an explanation sent or past its deadline, keeps the documents
    it had."""
    return _refusal(_assessments_using(evidence), now) or _explanation_refusal(evidence, now)


def _explanation_refusal(evidence: Evidence, now: datetime | None) -> str:
    # Imported here: the appraisal builds on this module.
    from parindex.appraisal.explaining import documents_refusal

    return documents_refusal(evidence, now)


def _refusal(using: list[UnitAssessment], now: datetime | None) -> str:
    for assessment in using:
        try:
            workflow.check_can_change(assessment, now)
        except workflow.WorkflowError as error:
            return _(
                "Tài liệu đang được dùng trong hồ sơ tự đánh giá “%(period)s”: %(why)s "
                "Nếu cần, hãy tải lên thành một tài liệu mới."
            ) % {"period": assessment.period.title, "why": error}
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


def _entry(assessment: UnitAssessment, criterion: Criterion, by) -> Entry:
    entry, _created = Entry.objects.get_or_create(
        assessment=assessment, criterion=criterion, defaults={"updated_by": by}
    )
    entry.assessment, entry.criterion = assessment, criterion
    return entry


def _store(evidence: Evidence, checked: CheckedFile, *, version: int, by) -> EvidenceFile:
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
    stored.file.save(checked.name, checked.upload, save=False)
    stored.save()
    return stored


def create_document(
    unit, *, file: CheckedFile | None, reference: dict, by
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
    by,
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
    by,
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
    by,
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
    refusal = _refusal(using, now) or _explanation_refusal(evidence, now)
    if refusal:
        raise workflow.WorkflowError(refusal)
    return using


@transaction.atomic
def add_version(
    evidence: Evidence, file: CheckedFile, *, by, now: datetime | None = None
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
def update_reference(evidence: Evidence, data: dict, *, by, now: datetime | None = None) -> None:
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
