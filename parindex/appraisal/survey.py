"""The sociological survey's points (điều tra xã hội học) of a period: the Excel template the
province fills in, and its import, which replaces the previous one as the source of every survey
leaf.

Like the criteria workbook, the sheet name and the column headers are part of the file format and
are never translated: a template downloaded in an English session must read back in a Vietnamese
one. A row gives the facts its leaf's rule asks for (points, or numerator and denominator); the
engine checks them and gives the points, exactly as for the unit's and the appraisers' entries.
"""

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from functools import cached_property
from pathlib import PurePath
from typing import NamedTuple

import openpyxl
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from parindex.assessments.models import AssessmentPeriod, UnitAssessment
from parindex.assessments.periods import by_level_and_name
from parindex.assessments.scorecard import read_inputs
from parindex.catalog.interchange.excel_format import KINDS
from parindex.catalog.models import Criterion, Unit
from parindex.catalog.specs import load_spec
from parindex.core import audit
from parindex.core.dates import moment_text
from parindex.core.numbers import NumberError, number_text, parse_number
from parindex.core.text import nfc
from parindex.core.workbooks import Cell, WorkbookError, expect_numbers, put, read_sheets
from parindex.scoring import CriteriaSet as Spec
from parindex.scoring import Entry as EngineEntry
from parindex.scoring import EntryError, Node, leaf_points
from parindex.scoring.answers import INPUT_KEYS

from . import appraising, workflow
from .models import SurveyImport, SurveyScore, UnitAppraisal

SHEET = "Điểm điều tra"
# The import a template was made from: an import built on an older template would silently undo
# the points imported since, so it is refused.
BASE_SHEET, BASE_LABEL = "Thông tin mẫu", "Lập từ lần nhập số (không sửa)"
HEADER_ROW = 2  # row 1 names the period
COLUMNS = (  # (key, header, width)
    ("unit", "Mã đơn vị", 18),
    ("unit_name", "Tên đơn vị", 36),
    ("code", "Mã tiêu chí", 12),
    ("title", "Tên tiêu chí", 50),
    ("max_points", "Điểm tối đa", 12),
    ("points", "Điểm", 10),
    ("numerator", "Tử số", 12),
    ("denominator", "Mẫu số", 12),
)
HEADERS = {key: header for key, header, _width in COLUMNS}
VALIDATED_ROWS = 2000  # rows added by hand below the template's are checked too
INPUTS = ("points", "numerator", "denominator")
# SurveyScore keeps inputs with 4 decimals and at most 10 digits before the point.
DECIMALS, LIMIT = 4, Decimal(10) ** 10
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
UNUSED_FILL = PatternFill("solid", fgColor="D9D9D9")
ZIP_MAGIC = b"PK\x03\x04"

BLANK: Cell = (None, "n")


class RowError(NamedTuple):
    row: int | None  # the sheet's row number; None for the file as a whole
    reason: str


class SurveyImportError(Exception):
    """A file that was not imported; `errors` lists every problem found, in row order."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(f"{row}: {reason}" for row, reason in errors))
        self.errors = errors


class _BadCell(Exception):
    """A cell that cannot be read as its column requires; the message names the column."""


@dataclass(frozen=True)
class _Set:
    spec: Spec
    ids: dict[str, int]
    nodes: dict[str, Node]

    @property
    def survey_leaves(self) -> list[Node]:
        return [leaf for leaf in self.spec.leaves() if leaf.method == "survey"]


@dataclass
class _Scope:
    """The period's units by code, and each criteria set in use with its nodes."""

    assessments: dict[str, UnitAssessment]
    sets: dict[int, _Set]

    @cached_property
    def unit_codes(self) -> set[str]:
        """Every unit of the catalogue, asked for only when a row names a unit not in the period."""
        return set(Unit.objects.values_list("code", flat=True))

    def set_of(self, assessment: UnitAssessment) -> _Set:
        return self.sets[assessment.criteria_set_id]


@dataclass(frozen=True)
class _Score:
    row: int
    assessment: UnitAssessment
    criterion_id: int
    entry: EngineEntry
    points: Decimal


def imports(period: AssessmentPeriod) -> QuerySet[SurveyImport]:
    """Every import of the period, the current one first."""
    return period.survey_imports.select_related("imported_by")


def current_import(period: AssessmentPeriod) -> SurveyImport | None:
    """The import whose points count (the latest); older ones are history."""
    return imports(period).first()


def scores_of(survey_import: SurveyImport) -> list[SurveyScore]:
    """The import's scores by unit (by level and name), then in the order of the criteria."""
    scores = survey_import.scores.select_related("assessment__unit__level", "criterion")
    return sorted(
        scores, key=lambda score: (by_level_and_name(score.assessment), score.criterion.position)
    )


def _scope(assessments: QuerySet[UnitAssessment]) -> _Scope:
    """Queries: the units, then one per criteria set in use (not per unit)."""
    rows = list(assessments.select_related("period", "unit__level", "criteria_set__level"))
    sets: dict[int, _Set] = {}
    for assessment in rows:
        if assessment.criteria_set_id not in sets:
            stored = load_spec(assessment.criteria_set)
            nodes = {n.code: n for n in stored.spec.walk()}
            sets[assessment.criteria_set_id] = _Set(stored.spec, stored.ids, nodes)
    return _Scope({assessment.unit.code: assessment for assessment in rows}, sets)


# ---------------------------------------------------------------------------------------------
# The template


def template_workbook(period: AssessmentPeriod) -> bytes:
    """The workbook the province fills in: one row per unit of the period and survey leaf of its
    criteria set, pre-filled with the current import's values; the cells a row's rule does not
    use are grey."""
    scope = _scope(period.assessments.all())
    current = current_import(period)
    filled = {(s.assessment_id, s.criterion_id): s for s in current.scores.all()} if current else {}
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    note = _(
        "Kỳ đánh giá: %(title)s (năm %(year)d). Nhập Điểm, hoặc Tử số và Mẫu số, theo cách "
        "chấm của tiêu chí; để trống các ô màu xám."
    )
    put(sheet, 1, 1, note % {"title": period.title, "year": period.year}).font = HEADER_FONT
    for number, (_key, header, width) in enumerate(COLUMNS, start=1):
        cell = put(sheet, HEADER_ROW, number, header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(number)].width = width
    row = HEADER_ROW + 1
    for assessment in sorted(scope.assessments.values(), key=by_level_and_name):
        criteria = scope.set_of(assessment)
        for leaf in criteria.survey_leaves:
            score = filled.get((assessment.pk, criteria.ids[leaf.code]))
            values = {
                "unit": assessment.unit.code,
                "unit_name": assessment.unit.name,
                "code": leaf.code,
                "title": leaf.title,
                "max_points": leaf.max_points,
            } | ({key: getattr(score, key) for key in INPUTS} if score else {})
            for number, (key, _header, _width) in enumerate(COLUMNS, start=1):
                cell = put(sheet, row, number, values.get(key))
                if key in ("unit", "code"):
                    cell.number_format = "@"  # an edited 1.10 stays text, not 1.1
                if key in INPUTS and key not in INPUT_KEYS[leaf.rule.kind]:
                    cell.fill = UNUSED_FILL
            row += 1
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"  # the header, and the unit while scrolling right
    for number, (key, _header, _width) in enumerate(COLUMNS, start=1):
        if key in INPUTS:
            letter = get_column_letter(number)
            expect_numbers(sheet, f"{letter}{HEADER_ROW + 1}:{letter}{max(row, VALIDATED_ROWS)}")
    base = book.create_sheet(BASE_SHEET)
    put(base, 1, 1, BASE_LABEL)
    put(base, 1, 2, current.pk if current else 0)
    base.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Reading


def _refused(reason: str) -> SurveyImportError:
    return SurveyImportError([RowError(None, reason)])


def _not_xlsx() -> SurveyImportError:
    return _refused(
        _("Tệp không phải là tệp Excel (.xlsx) hợp lệ; hãy dùng mẫu tải về từ trang này.")
    )


def _upload_bytes(uploaded_file) -> bytes:
    limit = settings.CRITERIA_UPLOAD_MAX_BYTES
    if uploaded_file.size > limit:
        raise _refused(_("Tệp quá lớn (tối đa %(mb)d MB).") % {"mb": limit // (1024 * 1024)})
    if PurePath(uploaded_file.name).suffix.lower() != ".xlsx":
        raise _refused(
            _("Chỉ nhận tệp Excel (.xlsx); tệp “%(name)s” không phải loại này.")
            % {"name": uploaded_file.name}
        )
    data = uploaded_file.read()
    if not data.startswith(ZIP_MAGIC):
        raise _not_xlsx()
    return data


def _sheet_rows(data: bytes) -> tuple[list[list[Cell]], int | None]:
    """The points sheet's rows, and the import the template was made from (None if unknown)."""
    try:
        sheets = read_sheets(data)
    except WorkbookError as error:
        raise _refused(error.message) from None
    if not sheets:
        raise _not_xlsx()
    base = sheets.get(BASE_SHEET, [[]])
    value = base[0][1][0] if base and len(base[0]) > 1 else None
    return sheets.get(SHEET) or next(iter(sheets.values())), (
        int(value) if isinstance(value, int | float) else None
    )


def _stale(previous: SurveyImport | None, base: int | None) -> list[RowError]:
    if previous is None or base == previous.pk:
        return []
    return [
        RowError(
            None,
            _(
                "Tệp được lập từ mẫu cũ: sau đó đã có lần nhập “%(file)s” của %(who)s lúc "
                "%(at)s. Để không xóa mất các điểm đó, hãy tải mẫu mới từ trang này, điền lại "
                "rồi nhập."
            )
            % {
                "file": previous.file_name,
                "who": previous.imported_by.full_name,
                "at": moment_text(previous.imported_at),
            },
        )
    ]


def _changes(previous_scores: list[SurveyScore], scores: list[_Score]) -> list[dict]:
    """Per unit and item, the survey points before → after (for the audit trail)."""
    before = {(row.assessment.unit.code, row.criterion.code): row for row in previous_scores}
    codes = {row.criterion_id: row.criterion.code for row in previous_scores}
    codes |= dict(
        Criterion.objects.filter(pk__in={score.criterion_id for score in scores}).values_list(
            "pk", "code"
        )
    )
    after = {(score.assessment.unit.code, codes[score.criterion_id]): score for score in scores}
    changed = []
    for unit, code in sorted(before.keys() | after.keys()):
        old = before[unit, code].survey_points if (unit, code) in before else None
        new = after[unit, code].points if (unit, code) in after else None
        if old != new:
            changed.append(
                {
                    "unit": unit,
                    "criterion": code,
                    "old": None if old is None else number_text(old),
                    "new": None if new is None else number_text(new),
                }
            )
    return changed


def _header(rows: list[list[Cell]]) -> tuple[int, dict[str, int]]:
    """The header row's index and each known column's position (the user may reorder them)."""
    by_header = {header: key for key, header in HEADERS.items()}
    for index, row in enumerate(rows[:10]):
        texts = [nfc(str(value)).strip() if value is not None else "" for value, _t in row]
        columns = {by_header[t]: i for i, t in enumerate(texts) if t in by_header}
        if "unit" in columns and "code" in columns:
            return index, columns
    message = _(
        "Không tìm thấy dòng tiêu đề có cột “%(unit)s” và “%(code)s”; hãy dùng mẫu tải về từ "
        "trang này."
    )
    raise _refused(message % {"unit": HEADERS["unit"], "code": HEADERS["code"]})


def _blank(cell: Cell) -> bool:
    value = cell[0]
    return value is None or (isinstance(value, str) and not value.strip())


def _check_cell(cell: Cell, column: str) -> None:
    value, data_type = cell
    if data_type == "f":
        raise _BadCell(
            _("cột “%(column)s” chứa công thức; hãy nhập (hoặc dán) giá trị") % {"column": column}
        )
    if data_type == "e":
        raise _BadCell(_("cột “%(column)s” có lỗi %(value)s") % {"column": column, "value": value})


def _code(cell: Cell, key: str) -> str:
    _check_cell(cell, HEADERS[key])
    value = cell[0]
    if isinstance(value, date | time):
        raise _BadCell(
            _("cột “%(column)s” bị Excel đổi thành ngày tháng; định dạng ô là Văn bản rồi nhập lại")
            % {"column": HEADERS[key]}
        )
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else nfc(str(value)).strip()


def _number(cell: Cell, key: str) -> Decimal:
    """A number cell, or text as the forms read it (2.000 · 1.234,5 · 0,5)."""
    column = HEADERS[key]
    _check_cell(cell, column)
    value = cell[0]
    try:
        number = parse_number(value)
    except NumberError as error:
        raise _BadCell(error.message(column, cell=value)) from None
    if number.as_tuple().exponent < -DECIMALS:
        raise _BadCell(
            _("cột “%(column)s”: “%(value)s” có quá %(n)d chữ số thập phân")
            % {"column": column, "value": value, "n": DECIMALS}
        )
    if abs(number) >= LIMIT:
        raise _BadCell(
            _("cột “%(column)s”: “%(value)s” quá lớn") % {"column": column, "value": value}
        )
    return number


def _inputs(leaf: Node, cells: dict[str, Cell]) -> tuple[dict[str, Decimal], list[str]]:
    """The row's inputs for the leaf's rule, and what is wrong with them."""
    needed = INPUT_KEYS[leaf.rule.kind]
    if not set(needed) <= set(INPUTS):
        kind = KINDS.get(leaf.rule.kind, leaf.rule.kind)
        return {}, [_("cách chấm “%(kind)s” không nhập được bằng tệp điều tra") % {"kind": kind}]
    values, reasons = {}, []
    for key in INPUTS:
        cell = cells[key]
        if key not in needed:
            if not _blank(cell):
                reasons.append(
                    _("tiêu chí này không dùng cột “%(column)s”; hãy để trống")
                    % {"column": HEADERS[key]}
                )
        elif _blank(cell):
            reasons.append(_("thiếu %(column)s") % {"column": HEADERS[key]})
        else:
            try:
                values[key] = _number(cell, key)
            except _BadCell as error:
                reasons.append(str(error))
    return values, reasons


def _leaf(cells: dict[str, Cell], scope: _Scope) -> tuple[UnitAssessment, Node]:
    """The row's unit in the period and its survey leaf; _BadCell says why not."""
    unit_code, code = _code(cells["unit"], "unit"), _code(cells["code"], "code")
    if not unit_code:
        raise _BadCell(_("thiếu mã đơn vị"))
    if not code:
        raise _BadCell(_("thiếu mã tiêu chí"))
    assessment = scope.assessments.get(unit_code)
    if assessment is None:
        reason = (
            _("đơn vị “%(unit)s” không tham gia kỳ đánh giá này")
            if unit_code in scope.unit_codes
            else _("không có đơn vị mã “%(unit)s”")
        )
        raise _BadCell(reason % {"unit": unit_code})
    leaf = scope.set_of(assessment).nodes.get(code)
    if leaf is None:
        raise _BadCell(
            _("bộ tiêu chí của %(unit)s không có tiêu chí mã “%(code)s”")
            % {"unit": assessment.unit.name, "code": code}
        )
    if not leaf.is_leaf or leaf.method != "survey":
        raise _BadCell(
            _("tiêu chí %(code)s không chấm bằng điều tra xã hội học") % {"code": leaf.code}
        )
    return assessment, leaf


def _read_row(
    number: int, cells: dict[str, Cell], scope: _Scope, seen: dict[tuple[int, str], int]
) -> tuple[_Score | None, list[str]]:
    try:
        assessment, leaf = _leaf(cells, scope)
    except _BadCell as error:
        return None, [str(error)]
    key = (assessment.pk, leaf.code)
    if key in seen:
        return None, [_("trùng đơn vị và tiêu chí với dòng %(row)d") % {"row": seen[key]}]
    seen[key] = number
    values, reasons = _inputs(leaf, cells)
    if reasons:
        return None, reasons
    spec = scope.set_of(assessment).spec
    try:
        entry = read_inputs(leaf, values)
    except EntryError as error:
        return None, [error.message]
    points = leaf_points(leaf, entry, not_applicable_policy=spec.not_applicable).points
    criterion_id = scope.set_of(assessment).ids[leaf.code]
    return _Score(number, assessment, criterion_id, entry, points), []


def _read_scores(rows: list[list[Cell]], scope: _Scope) -> tuple[list[_Score], list[RowError]]:
    header, columns = _header(rows)
    scores, errors, seen = [], [], {}
    for number, row in enumerate(rows[header + 1 :], start=header + 2):
        cells = {key: row[i] if i < len(row) else BLANK for key, i in columns.items()}
        if all(_blank(cell) for cell in cells.values()):
            continue
        cells = {key: cells.get(key, BLANK) for key in HEADERS}  # a deleted column reads blank
        score, reasons = _read_row(number, cells, scope, seen)
        errors += [RowError(number, reason) for reason in reasons]
        if score:
            scores.append(score)
    if not (scores or errors):
        errors.append(RowError(None, _("Tệp không có dòng điểm nào.")))
    return scores, errors


def _finalized_changes(
    scope: _Scope, previous: Iterable[SurveyScore], scores: list[_Score]
) -> list[RowError]:
    """A finalized unit's results are read-only until the lead reopens them: its survey points
    may be imported again only as they are."""
    by_pk = {assessment.pk: assessment for assessment in scope.assessments.values()}
    finalized = set(
        UnitAppraisal.objects.filter(assessment__in=by_pk, finalized_at__isnull=False).values_list(
            "assessment_id", flat=True
        )
    )
    if not finalized:
        return []
    old: dict[int, dict] = {pk: {} for pk in finalized}
    new: dict[int, dict] = {pk: {} for pk in finalized}
    first_row: dict[int, int] = {}
    for row in previous:
        if row.assessment_id in finalized:
            old[row.assessment_id][row.criterion_id] = (row.numerator, row.denominator, row.points)
    for score in scores:
        pk, entry = score.assessment.pk, score.entry
        if pk in finalized:
            new[pk][score.criterion_id] = (entry.numerator, entry.denominator, entry.points)
            first_row.setdefault(pk, score.row)
    message = _(
        "kết quả thẩm định của %(unit)s đã hoàn tất: không được thay đổi điểm điều tra của đơn "
        "vị; Tổ trưởng cần mở lại kết quả trước khi nhập"
    )
    return [
        RowError(first_row.get(pk), message % {"unit": by_pk[pk].unit.name})
        for pk in sorted(finalized)
        if old[pk] != new[pk]
    ]


# ---------------------------------------------------------------------------------------------
# The import


def _summary(survey_import: SurveyImport | None) -> dict:
    if survey_import is None:
        return {}
    return {
        "file": survey_import.file_name,
        "rows": survey_import.row_count,
        "at": survey_import.imported_at,
    }


def import_workbook(period: AssessmentPeriod, uploaded_file, *, by) -> SurveyImport:
    """Import the survey points of `period` from a workbook made from `template_workbook`.

    Every row is checked (unit, survey leaf, duplicates, the rule's inputs through the engine);
    any problem raises SurveyImportError listing them all, and nothing is written. Side effects:
    a new SurveyImport with its SurveyScore rows, which becomes the current one (older imports stay
    as history); audit "survey.import" on the period, previous → new; the appraised total of every
    unit in the new or the previous import (its UnitAppraisal created if needed).
    """
    data = _upload_bytes(uploaded_file)
    rows, base = _sheet_rows(data)
    with transaction.atomic():
        # Locking the period's units serialises imports with each other and with finalization.
        scope = _scope(period.assessments.select_for_update(of=("self",)))
        previous = current_import(period)
        previous_scores = (
            list(previous.scores.select_related("assessment__unit", "criterion"))
            if previous
            else []
        )
        scores, errors = _read_scores(rows, scope)
        errors += _stale(previous, base) + _finalized_changes(scope, previous_scores, scores)
        if errors:
            raise SurveyImportError(sorted(errors, key=lambda error: error.row or 0))
        survey_import = SurveyImport.objects.create(
            period=period,
            file_name=nfc(PurePath(uploaded_file.name).name)[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            row_count=len(scores),
            imported_by=by,
        )
        SurveyScore.objects.bulk_create(
            SurveyScore(
                survey_import=survey_import,
                assessment=score.assessment,
                criterion_id=score.criterion_id,
                numerator=score.entry.numerator,
                denominator=score.entry.denominator,
                points=score.entry.points,
                survey_points=score.points,
            )
            for score in scores
        )
        audit.record(
            "survey.import",
            period,
            by=by,
            old=_summary(previous),
            new=_summary(survey_import) | {"changes": _changes(previous_scores, scores)},
        )
        affected = {score.assessment.pk for score in scores}
        affected |= {row.assessment_id for row in previous_scores}
        for assessment in scope.assessments.values():
            if assessment.pk in affected:
                workflow.status_of(assessment)
                appraising.refresh_total(assessment, scope.set_of(assessment).spec)
    return survey_import
