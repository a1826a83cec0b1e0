"""Import and export of criteria sets: `parindex.criteria/1` YAML and the Excel template.

Every import goes file → mapping (read_yaml / read_xlsx) → parse_criteria (all validation) →
check_references / save_criteria_set; every export goes catalog.specs.load_spec → write_yaml /
write_xlsx.
"""

from pathlib import PurePath

from django.utils.translation import gettext as _

from parindex.scoring.criteria import CriteriaError, Problem

from .excel_format import blank_template, read_xlsx, write_xlsx
from .store import check_references, save_criteria_set
from .yaml_format import read_yaml, write_yaml

__all__ = [
    "blank_template",
    "check_references",
    "read_upload",
    "read_xlsx",
    "read_yaml",
    "save_criteria_set",
    "write_xlsx",
    "write_yaml",
]

ZIP_MAGIC = b"PK\x03\x04"


def read_upload(name: str, data: bytes) -> dict:
    """The mapping of an uploaded criteria file, read by its extension (.yaml, .yml, .xlsx).

    Raises CriteriaError for any other type. An .xlsx that is not a zip is refused by read_xlsx;
    a YAML file that is really a zip (a workbook renamed) is refused here with a plain message
    rather than a parser error about binary bytes.
    """
    extension = PurePath(name).suffix.lower()
    if extension == ".xlsx":
        return read_xlsx(data)
    if extension in (".yaml", ".yml") and not data.startswith(ZIP_MAGIC):
        return read_yaml(data)
    message = _(
        "Chỉ nhận tệp bộ tiêu chí YAML (.yaml, .yml) hoặc Excel (.xlsx); tệp “%(name)s” không "
        "phải loại này. Tệp Excel cũ (.xls) cần lưu lại dưới dạng .xlsx."
    )
    raise CriteriaError([Problem("", message % {"name": name})])
