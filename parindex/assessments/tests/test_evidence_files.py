"""Evidence, the checks on a file: its content decides its kind (whatever its extension says),
wrong or dangerous files are refused with the reason, zip bombs before anything is unpacked,
names are cleaned."""

import hashlib
import unicodedata

import pytest

from parindex.assessments import files
from parindex.core import archives
from parindex.testing.evidence import BOMB
from parindex.testing.factories import (
    CONTENT_TYPES,
    EXE,
    HTML,
    JPEG,
    PDF,
    PNG,
    SVG,
    docx,
    odt,
    old_word,
    upload,
    xlsx,
    zip_bytes,
)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("qd.pdf", PDF, files.PDF),
        ("anh.png", PNG, files.PNG),
        ("anh.JPG", JPEG, files.JPEG),
        ("anh.jpeg", JPEG, files.JPEG),
        ("bao-cao.docx", docx(), files.DOCX),
        ("so-lieu.xlsx", xlsx(), files.XLSX),
        ("van-ban.odt", odt(), files.ODT),
        ("cu.doc", old_word(), files.DOC),
    ],
)
def test_allowed_kinds_are_recognised_by_their_content(name, content, kind):
    checked = files.check_upload(upload(name, content))
    assert checked.content_type == kind
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_a_docx_whose_first_entry_is_not_the_content_types_is_still_word():
    content = zip_bytes(
        [("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", "<w/>")],
        first=("_rels/.rels", "<Relationships/>"),
    )
    assert files.check_upload(upload("a.docx", content)).content_type == files.DOCX


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ke-hoach.pdf", HTML, "Nội dung tệp “ke-hoach.pdf” không phải là loại tệp được nhận."),
        ("setup.pdf", EXE, "Nội dung tệp “setup.pdf” không phải là loại tệp được nhận."),
        ("anh.png", SVG, "Nội dung tệp “anh.png” không phải là loại tệp được nhận."),
        ("nen.docx", zip_bytes([("a.txt", "x")], first=None), "không phải là loại tệp được nhận"),
        ("hinh.pdf", PNG, "Nội dung tệp là PNG, không khớp với phần mở rộng “.pdf”."),
        ("so-lieu.xlsx", docx(), "Nội dung tệp là Word (.docx), không khớp với phần mở rộng"),
        ("setup.exe", EXE, "Không nhận tệp có phần mở rộng “.exe”."),
        ("hinh.svg", SVG, "Không nhận tệp có phần mở rộng “.svg”."),
        ("trang.html", HTML, "Không nhận tệp có phần mở rộng “.html”."),
        ("tai-lieu.zip", docx(), "Không nhận tệp có phần mở rộng “.zip”."),
        ("khong-duoi", PDF, "Không nhận tệp có phần mở rộng “(không có)”."),
        ("rong.pdf", b"", "Tệp “rong.pdf” rỗng, không có nội dung."),
    ],
)
def test_wrong_files_are_refused_with_the_reason(name, content, message):
    with pytest.raises(files.EvidenceError) as refused:
        files.check_upload(upload(name, content))
    assert message in str(refused.value)


def test_a_docx_zip_bomb_is_refused_before_anything_is_unpacked():
    # 4 MiB of zeros packs into ~4 KB: a ratio no real document has.
    content = docx(("word/media/bomb.xml", b"\x00" * (4 * 1024 * 1024)))
    assert len(content) < 50_000
    with pytest.raises(files.EvidenceError, match=BOMB):
        files.check_upload(upload("bao-cao.docx", content))


def test_a_docx_unpacking_past_ten_times_the_limit_is_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    # Twelve entries of 1 MiB each: none above the per-entry ratio threshold, 12 MiB in total.
    parts = [(f"word/media/p{i}.xml", b"\x00" * (1024 * 1024)) for i in range(12)]
    content = docx(*parts)
    assert len(content) < settings.EVIDENCE_MAX_BYTES
    with pytest.raises(files.EvidenceError, match=BOMB):
        files.check_upload(upload("bao-cao.docx", content))


def test_a_docx_with_too_many_entries_is_refused():
    content = docx(*[(f"word/p{i}.xml", "") for i in range(archives.MAX_ENTRIES)])
    with pytest.raises(files.EvidenceError, match=BOMB):
        files.check_upload(upload("bao-cao.docx", content))


def test_a_file_above_the_limit_is_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 40
    with pytest.raises(files.EvidenceError, match="quá lớn") as refused:
        files.check_upload(upload("qd.pdf", PDF))
    assert "tối đa là 40\xa0byte" in str(refused.value)


def test_file_names_are_nfc_and_lose_paths_and_control_characters():
    decomposed = unicodedata.normalize("NFD", "Quyết định số 125.pdf")
    assert files.clean_name(decomposed) == "Quyết định số 125.pdf"
    assert files.clean_name("..\\..\\etc/Báo\ncáo.pdf") == "Báocáo.pdf"
    long = "Kế hoạch " * 40 + ".docx"
    assert len(files.clean_name(long)) == 255 and files.clean_name(long).endswith(".docx")
