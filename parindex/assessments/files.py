"""Evidence files on the way in and on the way out.

In: a file is accepted only when its content is one of the allowed kinds and agrees with its
extension. libmagic reads the content; Office zip containers (.docx, .xlsx, .odt, .ods) are then
recognised by their structure, after their central directory has been checked against zip bombs
(libmagic only sees the first entries and often just says "zip"). The user's file name is kept
(NFC) for display and downloads only; storage paths are random (`models.evidence_path`).

Out: a stored version is served as a download, or shown in the browser when it is a PDF or an
image, under a policy that lets it run nothing. Who may read which file is each app's access
rule (the unit's own in `assessments.access`, the team's in `appraisal.access`).
"""

import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import magic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from parindex.core.archives import is_zip_bomb
from parindex.core.numbers import format_size
from parindex.core.text import nfc

from .models import EvidenceFile

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


# A downloaded file runs nothing. Chrome refuses to show a PDF in a sandboxed document, so an
# inline PDF is not sandboxed; its type was checked on upload and is sent with nosniff, and the
# browser's viewer needs inline styles on its own wrapper page.
FILE_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"
IMAGE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
PDF_POLICY = (
    "default-src 'none'; img-src 'self' data: blob:; style-src 'unsafe-inline'; "
    "object-src 'self'; frame-ancestors 'self'"
)


def serve(stored: EvidenceFile, *, inline: bool) -> FileResponse:
    """A stored version as a download, or in the browser when asked and it is a PDF or an image.
    Raises Http404 when the stored file is missing."""
    inline = inline and stored.opens_inline
    try:
        content = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        content,
        as_attachment=not inline,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    if not inline:
        response["Content-Security-Policy"] = FILE_POLICY
    elif stored.content_type == PDF:
        response["Content-Security-Policy"] = PDF_POLICY
    else:
        response["Content-Security-Policy"] = IMAGE_POLICY
    return response
