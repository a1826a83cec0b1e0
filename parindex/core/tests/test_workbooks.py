"""Reading an uploaded workbook without trusting it."""

import io
import zipfile

import openpyxl
import pytest

from parindex.core.workbooks import WorkbookError, read_sheets

SHEET = "xl/worksheets/sheet1.xml"


def workbook_with_entities(levels: int) -> bytes:
    """A real workbook whose cell A1 is an XML entity expanding to 10**levels letters."""
    book = openpyxl.Workbook()
    book.active["A1"] = "PLACEHOLDER"
    saved = io.BytesIO()
    book.save(saved)
    entities = '<!ENTITY e0 "x">' + "".join(
        f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, levels + 1)
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(saved.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == SHEET:
                text = data.decode().replace("PLACEHOLDER", f"&e{levels};")
                data = f"<!DOCTYPE worksheet [{entities}]>{text}".encode()
            target.writestr(info, data)
    return out.getvalue()


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML


@pytest.mark.parametrize("levels", [3, 9])
def test_xml_entities_in_a_workbook_are_refused(levels):
    # Three levels would be read as 1,000 letters by the standard library's parser; nine are
    # the "billion laughs" (a gigabyte of text from a file of a few kilobytes).
    data = workbook_with_entities(levels)
    assert len(data) < 10_000
    with pytest.raises(WorkbookError) as refused:
        read_sheets(data)
    assert refused.value.message == "Tệp không phải là tệp Excel (.xlsx) hợp lệ."


def test_a_plain_workbook_is_read():
    book = openpyxl.Workbook()
    book.active["A1"] = "Sở Tư pháp"
    book.active["B1"] = 1.5
    saved = io.BytesIO()
    book.save(saved)
    assert read_sheets(saved.getvalue()) == {"Sheet": [[("Sở Tư pháp", "s"), (1.5, "n")]]}
