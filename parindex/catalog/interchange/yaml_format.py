"""The `parindex.criteria/1` YAML file: bytes to the interchange mapping, and a spec to text."""

from contextlib import suppress
from decimal import Decimal, InvalidOperation

import yaml
from django.utils.translation import gettext as _

from parindex.core.numbers import number_text
from parindex.core.text import nfc
from parindex.scoring.criteria import CriteriaError, CriteriaSet, Problem
from parindex.scoring.criteria_format import criteria_to_dict


class StrictLoader(yaml.SafeLoader):
    """yaml.safe_load, with three differences that matter for an imported annex.

    Decimals stay exact (0.1 is Decimal("0.1"), never a float); aliases are refused: a criteria
    set needs none, and a few nested aliases expand into billions of nodes (“billion laughs”); a
    key written twice in one mapping (two `max_points:`) is refused with its line, where YAML
    libraries silently keep the last.
    """

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, int] = {}
            for key_node, _value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                with suppress(TypeError):  # an unhashable key: the base class says so
                    if key in seen:
                        raise yaml.constructor.ConstructorError(
                            problem=_("khóa “%(key)s” viết hai lần (lần đầu ở dòng %(line)d)")
                            % {"key": key, "line": seen[key] + 1},
                            problem_mark=key_node.start_mark,
                        )
                    seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.MarkedYAMLError(
                problem=_("không dùng bí danh (alias *…) trong bộ tiêu chí"),
                problem_mark=self.peek_event().start_mark,
            )
        return super().compose_node(parent, index)


def _construct_decimal(loader: StrictLoader, node: yaml.ScalarNode) -> Decimal | float:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        # .inf, .nan and sexagesimal 1:30.5: the engine refuses the non-finite ones by name.
        return loader.construct_yaml_float(node)


StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _invalid(detail: str) -> CriteriaError:
    return CriteriaError([Problem("", _("Tệp YAML không hợp lệ: %(detail)s") % {"detail": detail})])


def syntax_detail(error: yaml.MarkedYAMLError) -> str:
    # "dòng 4: found unexpected end of stream (while scanning a quoted scalar, từ dòng 2)": the
    # parser's own words, with the line numbers a person needs to find the mistake.
    detail = str(error.problem)
    if error.problem_mark:
        detail = _("dòng %(n)d: %(problem)s") % {
            "n": error.problem_mark.line + 1,
            "problem": detail,
        }
    if error.context and error.context_mark:
        context = {"context": error.context, "n": error.context_mark.line + 1}
        detail += " " + _("(%(context)s, từ dòng %(n)d)") % context
    return detail


def _normalised(value: object) -> object:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_normalised(item) for item in value]
    if isinstance(value, dict):
        return {_normalised(key): _normalised(item) for key, item in value.items()}
    return value


class YamlError(Exception):
    """A file that is not UTF-8 YAML; `detail` says why, with its line, in the user's language."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def load_yaml(data: bytes, loader: type[StrictLoader] = StrictLoader) -> object:
    """The document of a UTF-8 YAML file (a BOM allowed) read with `loader` (StrictLoader or a
    subclass); raises YamlError. Shared by every importer of YAML files."""
    try:
        text = data.decode("utf-8-sig")  # Notepad on Windows starts UTF-8 files with a BOM.
    except UnicodeDecodeError:
        raise YamlError(_("tệp không phải văn bản UTF-8")) from None
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as error:
        raise YamlError(syntax_detail(error)) from None
    except (yaml.YAMLError, RecursionError):
        raise YamlError(_("không đọc được cấu trúc tệp")) from None


def read_yaml(data: bytes) -> dict:
    """The mapping of a YAML file, every string NFC; parse_criteria then validates it.

    Raises CriteriaError for a file that is not UTF-8 YAML with a mapping at the top.
    """
    try:
        doc = load_yaml(data)
    except YamlError as error:
        raise _invalid(error.detail) from None
    if not isinstance(doc, dict):
        raise _invalid(_("nội dung phải là một bảng khóa–giá trị (format, title, level, …)"))
    return _normalised(doc)


class _Dumper(yaml.SafeDumper):
    pass


class _Inline(dict):
    """A small mapping written on one line, as the reference files write levels and bands."""


class _Code(str):
    """A node code, always quoted: "1.10" left bare would read back as the number 1.1."""

    __slots__ = ()


def _represent_decimal(dumper: _Dumper, value: Decimal) -> yaml.ScalarNode:
    text = number_text(value)
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(
    _Code, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
)
_Dumper.add_representer(
    _Inline,
    lambda dumper, value: dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True),
)


def _styled(node: dict) -> dict:
    node["code"] = _Code(node["code"])
    rule = node.get("rule")
    if rule:
        for key in ("levels", "bands"):
            if key in rule:
                rule[key] = [_Inline(item) for item in rule[key]]
    for child in node.get("children", []):
        _styled(child)
    return node


def write_yaml(cs: CriteriaSet) -> str:
    """The set as a `parindex.criteria/1` file: keys in the format's order, numbers exact."""
    doc = criteria_to_dict(cs)
    doc["classification"] = [_Inline(band) for band in doc["classification"]]
    for node in doc["nodes"]:
        _styled(node)
    header = _(
        "# Bộ tiêu chí xác định Chỉ số CCHC – định dạng parindex.criteria/1 (YAML, UTF-8).\n"
        "# Có thể sửa tệp này rồi nhập lại tại Danh mục → Bộ tiêu chí → Nhập bộ tiêu chí.\n"
    )
    # A wide line keeps each title on one line instead of folding it mid-sentence.
    body = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)
    return header + body
