"""A report template as the code reads it: frozen sections and typed indicators, parsed from the
`parindex.report-template/1` mapping (docs/report-templates.md) and written back to it.

No Django models here: the YAML importer, the stored template and the forms share this module.
Every problem names the line of the file it comes from when the mapping was read from one.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from django.utils.translation import gettext as _

from parindex.core.numbers import number_text

FORMAT = "parindex.report-template/1"


class Kind(StrEnum):
    Q1 = "q1"
    HALF_YEAR = "h1"
    Q3 = "q3"
    YEAR = "year"
    TOPIC = "topic"


class IndicatorType(StrEnum):
    NUMBER = "number"
    PERCENTAGE = "percentage"
    YES_NO = "yes_no"
    TEXT = "text"
    DATE = "date"
    TABLE = "table"


class Aggregate(StrEnum):
    SUM = "sum"
    MEAN = "mean"
    MIN = "min"
    MAX = "max"
    COUNT_YES = "count_yes"
    NONE = "none"


class Source(StrEnum):
    MANUAL = "manual"
    PLANS = "plans"
    SCORING = "scoring"
    PREVIOUS = "previous"


# What can be aggregated across units for each type (a percentage's sum is Σ numerators ÷ Σ
# denominators, the province's own rate; its mean is the mean of the units' rates).
NUMERIC = (Aggregate.SUM, Aggregate.MEAN, Aggregate.MIN, Aggregate.MAX, Aggregate.NONE)
AGGREGATES: dict[str, tuple[Aggregate, ...]] = {
    IndicatorType.NUMBER: NUMERIC,
    IndicatorType.PERCENTAGE: (Aggregate.SUM, Aggregate.MEAN, Aggregate.NONE),
    IndicatorType.YES_NO: (Aggregate.COUNT_YES, Aggregate.NONE),
    IndicatorType.TEXT: (Aggregate.NONE,),
    IndicatorType.DATE: (Aggregate.NONE,),
    IndicatorType.TABLE: NUMERIC,
}
DEFAULT_AGGREGATE = {
    IndicatorType.NUMBER: Aggregate.SUM,
    IndicatorType.PERCENTAGE: Aggregate.SUM,
    IndicatorType.YES_NO: Aggregate.COUNT_YES,
    IndicatorType.TABLE: Aggregate.SUM,
}
TEMPLATE_KEYS = (
    "format",
    "code",
    "title",
    "year",
    "kinds",
    "levels",
    "legal_basis",
    "illustrative",
)
SECTION_KEYS = ("code", "title", "prompt", "indicators")
INDICATOR_KEYS = (
    *("code", "title", "type", "unit", "min", "max", "required", "aggregate", "source"),
    *("rows", "columns", "help"),
)


@dataclass(frozen=True)
class Line:
    """A fixed row or column of a table indicator."""

    code: str
    title: str


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    type: IndicatorType
    unit: str = ""
    min: Decimal | None = None
    max: Decimal | None = None
    required: bool = False
    aggregate: Aggregate = Aggregate.NONE
    source: Source = Source.MANUAL
    rows: tuple[Line, ...] = ()
    columns: tuple[Line, ...] = ()
    help: str = ""

    @property
    def is_numeric(self) -> bool:
        return self.type in (IndicatorType.NUMBER, IndicatorType.TABLE)

    def input_keys(self) -> list[str]:
        """The names under which a report stores what is typed for this indicator."""
        if self.type == IndicatorType.PERCENTAGE:
            return [f"{self.code}/n", f"{self.code}/d"]
        if self.type == IndicatorType.TABLE:
            return [f"{self.code}/{r.code}/{c.code}" for r in self.rows for c in self.columns]
        return [self.code]


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    prompt: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class TemplateSpec:
    code: str
    title: str
    year: int
    kinds: tuple[Kind, ...]
    levels: tuple[str, ...]
    sections: tuple[Section, ...]
    legal_basis: str = ""
    illustrative: bool = False

    def indicators(self) -> Iterator[tuple[Section, Indicator]]:
        for section in self.sections:
            for indicator in section.indicators:
                yield section, indicator

    def section(self, code: str) -> Section | None:
        return next((s for s in self.sections if s.code == code), None)


class Located(dict):
    """A mapping read from a file, with the line (from 1) where it starts."""

    def __init__(self, *args, line: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.line = line


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str

    def __str__(self) -> str:
        return (
            _("dòng %(n)d: %(m)s") % {"n": self.line, "m": self.message}
            if self.line
            else self.message
        )


class TemplateError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


class _Reader:
    """Collects every problem of a document before refusing it, each with its line."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, where: Mapping | None, message: str) -> None:
        self.problems.append(Problem(getattr(where, "line", None), message))

    def text(self, node: Mapping, key: str, what: str, *, required: bool = True) -> str:
        value = node.get(key)
        if value is None or value == "":
            if required:
                self.fail(node, _("%(what)s thiếu “%(key)s”") % {"what": what, "key": key})
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.fail(node, _("%(what)s: “%(key)s” phải là chữ") % {"what": what, "key": key})
            return ""
        return str(value).strip()

    def choice[E: StrEnum](
        self, node: Mapping, key: str, what: str, enum: type[E], default: E
    ) -> E:
        value = node.get(key, default)
        try:
            return enum(value)
        except ValueError:
            names = ", ".join(member.value for member in enum)
            self.fail(
                node,
                _("%(what)s: “%(key)s” là “%(value)s”, phải là một trong: %(names)s")
                % {"what": what, "key": key, "value": value, "names": names},
            )
            return default

    def number(self, node: Mapping, key: str, what: str) -> Decimal | None:
        value = node.get(key)
        if value is None:
            return None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(str(value))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.fail(node, _("%(what)s: “%(key)s” phải là một số") % {"what": what, "key": key})
            return None
        return number

    def flag(self, node: Mapping, key: str, what: str) -> bool:
        value = node.get(key, False)
        if not isinstance(value, bool):
            self.fail(
                node, _("%(what)s: “%(key)s” phải là true hoặc false") % {"what": what, "key": key}
            )
            return False
        return value

    def items(self, node: Mapping, key: str, what: str) -> list:
        value = node.get(key, [])
        if not isinstance(value, list):
            self.fail(
                node, _("%(what)s: “%(key)s” phải là một danh sách") % {"what": what, "key": key}
            )
            return []
        return value

    def unknown(self, node: Mapping, keys: tuple[str, ...], what: str) -> None:
        for key in node:
            if key not in keys:
                self.fail(
                    node,
                    _("%(what)s: không có khóa “%(key)s” trong định dạng (các khóa: %(keys)s)")
                    % {"what": what, "key": key, "keys": ", ".join(keys)},
                )

    def mapping(self, value: object, parent: Mapping, what: str) -> Mapping | None:
        if isinstance(value, Mapping):
            return value
        self.fail(parent, _("%(what)s phải là một bảng khóa–giá trị") % {"what": what})
        return None


def parse_template(document: Mapping) -> TemplateSpec:
    """The template a `parindex.report-template/1` mapping describes; raises TemplateError
    listing every problem found (with its line when the mapping came from a file)."""
    reader = _Reader()
    what = _("Mẫu báo cáo")
    if document.get("format") != FORMAT:
        reader.fail(
            document,
            _("“format” phải là “%(format)s” (tệp có “%(found)s”)")
            % {"format": FORMAT, "found": document.get("format", "")},
        )
    reader.unknown(document, (*TEMPLATE_KEYS, "sections"), what)
    year = document.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        reader.fail(document, _("“year” phải là một năm, ví dụ 2025"))
        year = 0
    kinds = tuple(
        reader.choice(
            Located({"kinds": k}, line=getattr(document, "line", None)),
            "kinds",
            what,
            Kind,
            Kind.YEAR,
        )
        for k in reader.items(document, "kinds", what)
    )
    if not kinds:
        reader.fail(
            document, _("“kinds” phải nêu ít nhất một loại kỳ báo cáo (q1, h1, q3, year, topic)")
        )
    levels = tuple(str(level) for level in reader.items(document, "levels", what))
    sections = tuple(_sections(reader, document))
    if not sections:
        reader.fail(document, _("Mẫu báo cáo phải có ít nhất một phần (sections)"))
    spec = TemplateSpec(
        code=reader.text(document, "code", what),
        title=reader.text(document, "title", what),
        year=year,
        kinds=kinds,
        levels=levels,
        sections=sections,
        legal_basis=reader.text(document, "legal_basis", what, required=False),
        illustrative=reader.flag(document, "illustrative", what),
    )
    if reader.problems:
        raise TemplateError(reader.problems)
    return spec


def _sections(reader: _Reader, document: Mapping) -> Iterator[Section]:
    seen: set[str] = set()
    for raw in reader.items(document, "sections", _("Mẫu báo cáo")):
        node = reader.mapping(raw, document, _("Mỗi phần"))
        if node is None:
            continue
        code = reader.text(node, "code", _("Một phần"))
        what = _("Phần “%(code)s”") % {"code": code}
        reader.unknown(node, SECTION_KEYS, what)
        if code in seen:
            reader.fail(node, _("mã phần “%(code)s” dùng hai lần") % {"code": code})
        seen.add(code)
        indicators = tuple(_indicators(reader, node, seen))
        yield Section(
            code=code,
            title=reader.text(node, "title", what),
            prompt=reader.text(node, "prompt", what, required=False),
            indicators=indicators,
        )


def _indicators(reader: _Reader, section: Mapping, seen: set[str]) -> Iterator[Indicator]:
    for raw in reader.items(section, "indicators", _("Một phần")):
        node = reader.mapping(raw, section, _("Mỗi chỉ tiêu"))
        if node is None:
            continue
        code = reader.text(node, "code", _("Một chỉ tiêu"))
        what = _("Chỉ tiêu “%(code)s”") % {"code": code}
        reader.unknown(node, INDICATOR_KEYS, what)
        if "/" in code:
            reader.fail(node, _("%(what)s: mã không được có dấu “/”") % {"what": what})
        if code in seen:
            reader.fail(node, _("mã “%(code)s” dùng hai lần") % {"code": code})
        seen.add(code)
        kind = reader.choice(node, "type", what, IndicatorType, IndicatorType.TEXT)
        default = DEFAULT_AGGREGATE.get(kind, Aggregate.NONE)
        aggregate = reader.choice(node, "aggregate", what, Aggregate, default)
        if aggregate not in AGGREGATES[kind]:
            allowed = ", ".join(AGGREGATES[kind])
            reader.fail(
                node,
                _(
                    "%(what)s: loại “%(type)s” không cộng gộp kiểu “%(aggregate)s” "
                    "(được: %(allowed)s)"
                )
                % {"what": what, "type": kind, "aggregate": aggregate, "allowed": allowed},
            )
        low, high = reader.number(node, "min", what), reader.number(node, "max", what)
        if low is not None and high is not None and low > high:
            reader.fail(node, _("%(what)s: “min” lớn hơn “max”") % {"what": what})
        rows, columns = _lines(reader, node, "rows", what), _lines(reader, node, "columns", what)
        if kind == IndicatorType.TABLE and not (rows and columns):
            reader.fail(node, _("%(what)s: bảng phải có “rows” và “columns”") % {"what": what})
        elif kind != IndicatorType.TABLE and (rows or columns):
            reader.fail(
                node, _("%(what)s: chỉ bảng (type: table) mới có dòng, cột") % {"what": what}
            )
        yield Indicator(
            code=code,
            title=reader.text(node, "title", what),
            type=kind,
            unit=reader.text(node, "unit", what, required=False),
            min=low,
            max=high,
            required=reader.flag(node, "required", what),
            aggregate=aggregate,
            source=reader.choice(node, "source", what, Source, Source.MANUAL),
            rows=rows,
            columns=columns,
            help=reader.text(node, "help", what, required=False),
        )


def _lines(reader: _Reader, node: Mapping, key: str, what: str) -> tuple[Line, ...]:
    lines: list[Line] = []
    for raw in reader.items(node, key, what):
        item = reader.mapping(raw, node, f"{what} – {key}")
        if item is None:
            continue
        code = reader.text(item, "code", what)
        if "/" in code or code in {line.code for line in lines}:
            reader.fail(
                item,
                _("%(what)s: mã dòng/cột “%(code)s” trùng hoặc có “/”")
                % {"what": what, "code": code},
            )
        lines.append(Line(code=code, title=reader.text(item, "title", what)))
    return tuple(lines)


def template_to_dict(spec: TemplateSpec) -> dict:
    """The `parindex.report-template/1` mapping of a template: keys in the format's order,
    default values left out, numbers as exact text (what the database stores and exports write)."""
    return {
        "format": FORMAT,
        "code": spec.code,
        "title": spec.title,
        "year": spec.year,
        "kinds": [str(kind) for kind in spec.kinds],
        "levels": list(spec.levels),
        **({"legal_basis": spec.legal_basis} if spec.legal_basis else {}),
        **({"illustrative": True} if spec.illustrative else {}),
        "sections": [
            {
                "code": s.code,
                "title": s.title,
                **({"prompt": s.prompt} if s.prompt else {}),
                "indicators": [_indicator_dict(i) for i in s.indicators],
            }
            for s in spec.sections
        ],
    }


def _indicator_dict(indicator: Indicator) -> dict:
    node: dict = {"code": indicator.code, "title": indicator.title, "type": str(indicator.type)}
    if indicator.unit:
        node["unit"] = indicator.unit
    for key in ("min", "max"):
        if (value := getattr(indicator, key)) is not None:
            node[key] = number_text(value)
    if indicator.required:
        node["required"] = True
    if indicator.aggregate != DEFAULT_AGGREGATE.get(indicator.type, Aggregate.NONE):
        node["aggregate"] = str(indicator.aggregate)
    if indicator.source != Source.MANUAL:
        node["source"] = str(indicator.source)
    for key in ("rows", "columns"):
        if lines := getattr(indicator, key):
            node[key] = [{"code": line.code, "title": line.title} for line in lines]
    if indicator.help:
        node["help"] = indicator.help
    return node
