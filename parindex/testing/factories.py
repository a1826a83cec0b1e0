"""Test data built the way the application builds it (through the domain functions where there are
some): users, criteria sets, periods, assessments, appraisals, documents and files.

Plain functions and constants, no fixtures: the fixtures that call them live in the conftest.py
nearest the tests that use them (the named users and units in the root conftest.py, an appraisal
in progress in parindex/conftest.py, an open self-assessment in assessments/tests/conftest.py).
"""

import io
import struct
import zipfile
from datetime import date, timedelta
from pathlib import Path

import docx as python_docx
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parindex.accounts import importing as accounts_importing
from parindex.accounts.models import User
from parindex.appraisal import appraising
from parindex.appraisal.models import Round
from parindex.assessments import deadlines, evidence, files
from parindex.assessments.models import AssessmentPeriod, Evidence, UnitAssessment
from parindex.catalog import editing
from parindex.catalog.interchange import save_criteria_set
from parindex.catalog.models import CriteriaSet, Criterion, Field, Unit
from parindex.results.models import Publication
from parindex.scoring import parse_criteria

# --- Users -----------------------------------------------------------------------------------

# Every test account's.
PASSWORD = "x-Secret-123"  # noqa: S105


def make_user(username: str, role: str, unit: Unit | None = None, **extra) -> User:
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        full_name=extra.pop("full_name", username.replace(".", " ").title()),
        role=role,
        unit=unit,
        **extra,
    )


# --- Criteria sets ---------------------------------------------------------------------------

# The two leaves both test sets begin with.
PLAN = {
    "code": "1.1",
    "title": "Ban hành Kế hoạch CCHC năm",
    "max_points": 1,
    "method": "self",
    "evidence": "required",
    "rule": {
        "kind": "levels",
        "levels": [
            {"label": "Ban hành đúng thời hạn", "points": 1},
            {"label": "Ban hành chậm", "points": 0.5},
            {"label": "Không ban hành", "points": 0},
        ],
    },
}
TASKS = {
    "code": "1.2",
    "title": "Tỷ lệ nhiệm vụ hoàn thành",
    "max_points": 2,
    "method": "self",
    "evidence": "optional",
    "rule": {
        "kind": "ratio_bands",
        "numerator": "Số nhiệm vụ đã hoàn thành",
        "denominator": "Số nhiệm vụ phải hoàn thành",
        "bands": [{"min": 100, "points": 2}, {"min": 80, "points": 1}, {"min": 0, "points": 0}],
    },
}

# The self-assessment's set: one area (CDDH) with one leaf of each kind.
LEAVES = [
    PLAN
    | {
        "evidence_hint": "Quyết định ban hành Kế hoạch CCHC",
        "guidance": "Đúng hạn: trước ngày 31/01.",
    },
    TASKS,
    {
        "code": "1.3",
        "title": "Hồ sơ giải quyết quá hạn",
        "max_points": 2,
        "method": "self",
        "evidence": "none",
        "not_applicable_allowed": True,
        "rule": {"kind": "deduction", "item_label": "Hồ sơ quá hạn", "per_item": 0.5},
    },
    {
        "code": "1.4",
        "title": "Chất lượng báo cáo CCHC",
        "max_points": 1,
        "method": "self",
        "evidence": "required",
        "rule": {"kind": "manual", "step": 0.25},
    },
]

# The appraisal's set: two fields, with a leaf the team scores and a leaf from the survey.
AREAS = [
    {
        "code": "1",
        "title": "Công tác chỉ đạo, điều hành CCHC",
        "field": "CDDH",
        "max_points": 4,
        "children": [
            PLAN,
            TASKS,
            {
                "code": "1.3",
                "title": "Chất lượng tham mưu (Tổ thẩm định chấm)",
                "max_points": 1,
                "method": "appraisal",
                "evidence": "none",
                "rule": {"kind": "manual", "step": 0.25},
            },
        ],
    },
    {
        "code": "2",
        "title": "Cải cách thủ tục hành chính",
        "field": "TTHC",
        "max_points": 4,
        "children": [
            {
                "code": "2.1",
                "title": "Hồ sơ giải quyết quá hạn",
                "max_points": 2,
                "method": "self",
                "evidence": "required",
                "rule": {"kind": "deduction", "item_label": "Hồ sơ quá hạn", "per_item": 0.5},
            },
            {
                "code": "2.2",
                "title": "Mức độ hài lòng của người dân",
                "max_points": 2,
                "method": "survey",
                "evidence": "none",
                "rule": {"kind": "manual", "step": 0.01},
            },
        ],
    },
]


def _document(title: str, level_code: str, year: int, nodes: list[dict]) -> dict:
    return {
        "format": "parindex.criteria/1",
        "title": f"{title} {level_code} {year}",
        "level": level_code,
        "year": year,
        "max_points": sum(node["max_points"] for node in nodes),
        "not_applicable": "exclude",
        "classification": [{"label": "Tốt", "min": 90}, {"label": "Yếu", "min": 0}],
        "nodes": nodes,
    }


def criteria_document(level_code: str, year: int, *, leaves: list[dict] | None = None) -> dict:
    """The self-assessment's set (or `leaves` in its one area CDDH) as a document."""
    leaves = leaves or LEAVES
    area = {
        "code": "1",
        "title": "Công tác chỉ đạo, điều hành CCHC",
        "field": "CDDH",
        "max_points": sum(leaf["max_points"] for leaf in leaves),
        "children": leaves,
    }
    return _document("Bộ tiêu chí thử nghiệm", level_code, year, [area])


def appraisal_document(level_code: str, year: int = 2026) -> dict:
    return _document("Bộ tiêu chí thẩm định thử nghiệm", level_code, year, AREAS)


def many_leaves(n: int) -> list[dict]:
    """`n` manual leaves of 1 point each, evidence required."""
    return [
        {
            "code": f"1.{i}",
            "title": f"Tiêu chí thành phần số {i}",
            "max_points": 1,
            "method": "self",
            "evidence": "required",
            "rule": {"kind": "manual", "step": 0.25},
        }
        for i in range(1, n + 1)
    ]


def _in_use(document: dict, *, by) -> CriteriaSet:
    criteria_set = save_criteria_set(parse_criteria(document), by=by)
    assert editing.put_in_use(criteria_set, by=by) == []
    return criteria_set


def draft_set(level, year: int = 2026, *, leaves: list[dict] | None = None, by=None):
    """The self-assessment's set for `level` as a draft (the field CDDH created when missing)."""
    Field.objects.get_or_create(code="CDDH", defaults={"name": "Công tác chỉ đạo, điều hành"})
    document = criteria_document(level.code, year, leaves=leaves)
    return save_criteria_set(parse_criteria(document), by=by)


def build_set(level, year: int = 2026, *, leaves: list[dict] | None = None, by=None):
    """The self-assessment's set in use for `level` (the field CDDH is created when missing)."""
    Field.objects.get_or_create(code="CDDH", defaults={"name": "Công tác chỉ đạo, điều hành"})
    return _in_use(criteria_document(level.code, year, leaves=leaves), by=by)


def build_appraisal_set(level, *, by, year: int = 2026) -> CriteriaSet:
    """The appraisal's set in use for `level` (the fields CDDH and TTHC created when missing)."""
    Field.objects.get_or_create(code="CDDH", defaults={"name": "Công tác chỉ đạo, điều hành"})
    Field.objects.get_or_create(code="TTHC", defaults={"name": "Cải cách thủ tục hành chính"})
    return _in_use(appraisal_document(level.code, year), by=by)


def criterion(assessment: UnitAssessment, code: str) -> Criterion:
    return Criterion.objects.get(criteria_set=assessment.criteria_set, code=code)


# --- Periods ---------------------------------------------------------------------------------


def _period(criteria_sets, year: int, *days: int) -> AssessmentPeriod:
    """A period whose five dates are `days` from today (Vietnam dates), in their order."""
    today = deadlines.today()
    opens, closes, appraisal, explanation, final = (today + timedelta(days=d) for d in days)
    period = AssessmentPeriod.objects.create(
        year=year,
        title=f"Đánh giá Chỉ số CCHC năm {year}",
        self_assessment_opens=opens,
        self_assessment_closes=closes,
        appraisal_closes=appraisal,
        explanation_closes=explanation,
        final_appraisal_closes=final,
    )
    period.criteria_sets.set(criteria_sets)
    return period


# The five deadlines as the admin types them in the period form.
PERIOD_FORM_DATES = {
    "self_assessment_opens": "01/03/2027",
    "self_assessment_closes": "31/03/2027",
    "appraisal_closes": "30/04/2027",
    "explanation_closes": "15/05/2027",
    "final_appraisal_closes": "31/05/2027",
}


def period_create_url(year: int = 2026) -> str:
    return f"{reverse('assessments:period_create')}?year={year}"


def make_open_period(criteria_sets, year: int = 2026) -> AssessmentPeriod:
    """Self-assessment opened yesterday and closes in ten days; appraisal +20, explanation +25,
    final +30."""
    return _period(criteria_sets, year, -1, 10, 20, 25, 30)


def make_appraisal_period(criteria_sets, year: int = 2026) -> AssessmentPeriod:
    """Self-assessment closed yesterday; appraisal until +10, explanation +15, final +20."""
    return _period(criteria_sets, year, -30, -1, 10, 15, 20)


# --- Appraisal and results -----------------------------------------------------------------

# What the team makes of Sở Tư pháp's self-assessment (the appraisal's set, round 1).
APPRAISED = {
    "1.1": {"level": "Ban hành chậm", "comment": "Chậm 20 ngày"},
    "1.2": {"numerator": 9, "denominator": 10, "comment": "Đạt 90 %"},
    "1.3": {"points": "0.75"},
    "2.1": {"count": 2, "comment": "Thêm 1 hồ sơ quá hạn"},
}


def appraise_all(assessment, appraiser, office_appraiser, values=APPRAISED) -> None:
    """Round 1 of every leaf in `values`: area 2 by Văn phòng UBND tỉnh, the rest by Sở Nội vụ."""
    for code, data in values.items():
        by = office_appraiser if code.startswith("2.") else appraiser
        appraising.appraise_item(
            assessment, criterion(assessment, code).pk, Round.FIRST, data, version=0, by=by
        )


def record_decision(publication) -> None:
    """The approving decision of `publication` as the admin records it: Quyết định 125/QĐ-UBND of
    05/03/2026, signed by the chairman."""
    Publication.objects.filter(pk=publication.pk).update(
        decision_number="125/QĐ-UBND",
        decision_date=date(2026, 3, 5),
        decision_by="Chủ tịch UBND tỉnh Điện Biên",
        decision_signer="Lò Văn Phương",
        decision_signer_position="Chủ tịch UBND tỉnh",
    )
    publication.refresh_from_db()


# --- Files -----------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", 1, 1) + b"\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00" + b"\x00" * 64
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def upload(name: str, content: bytes = PDF) -> SimpleUploadedFile:
    """A file as the browser sends it: the name and content typed by the user, no content type."""
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def pdf_showing(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII), with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def zip_bytes(entries, *, first=("[Content_Types].xml", CONTENT_TYPES)) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(*first)
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(*extra) -> bytes:
    return zip_bytes([("_rels/.rels", "<Relationships/>"), ("word/document.xml", "<w/>"), *extra])


def docx_with_table(rows: list[list[str]], *, before: str = "") -> bytes:
    """A Word document (python-docx) with a paragraph `before` and one table of `rows` (a
    cell's new lines become paragraphs), as offices draft a plan's annex."""
    document = python_docx.Document()
    document.add_paragraph(before)
    table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
    for cells, row in zip(table.rows, rows, strict=True):
        for cell, text in zip(cells.cells, row, strict=False):
            lines = text.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", files.ODT)  # stored, first, as ODF requires
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Tỷ lệ hoàn thành"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def accounts_workbook(*rows) -> bytes:
    """The accounts template (accounts/importing.py) with `rows` filled in, in its columns."""
    book = openpyxl.load_workbook(io.BytesIO(accounts_importing.template_workbook()))
    sheet = book[accounts_importing.SHEET]
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def old_word() -> bytes:
    # An OLE compound file that libmagic only calls "OLE storage", with Word's main stream.
    return bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + "WordDocument".encode("utf-16-le")


def add_document(assessment, officer, code="1.1", name="qd-125.pdf", content=PDF) -> Evidence:
    """A document uploaded to an item through the domain function, as the views do."""
    checked = files.check_upload(upload(name, content))
    return evidence.upload_to_item(
        assessment, criterion(assessment, code), file=checked, reference={}, by=officer
    )


def stored_files(media: Path) -> list[Path]:
    """Every file under the test's media folder (the `media` fixture), sorted."""
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
