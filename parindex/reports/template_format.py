"""The `parindex.report-template/1` YAML file: bytes to a template, and a template to text.

Read with the criteria importer's strict loader (exact decimals, no aliases, no key written twice),
keeping the line where each mapping starts so that every problem points into the file.
"""

import yaml
from django.utils.translation import gettext as _

from parindex.catalog.interchange.yaml_format import StrictLoader, YamlError, load_yaml
from parindex.core.text import nfc

from .spec import Located, Problem, TemplateError, TemplateSpec, parse_template, template_to_dict


class _Loader(StrictLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.MarkedYAMLError(
                problem=_("không dùng bí danh (alias *…) trong mẫu báo cáo"),
                problem_mark=self.peek_event().start_mark,
            )
        return super().compose_node(parent, index)


def _construct_map(loader: _Loader, node: yaml.MappingNode):
    data = Located(line=node.start_mark.line + 1)
    yield data
    data.update(loader.construct_mapping(node))


def _construct_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    # Text typed on some systems arrives as NFD; templates and reports only hold NFC.
    return nfc(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_text)


def _invalid(detail: str) -> TemplateError:
    return TemplateError(
        [Problem(None, _("Tệp YAML không hợp lệ: %(detail)s") % {"detail": detail})]
    )


def read_template(data: bytes) -> TemplateSpec:
    """The template a YAML file describes. Raises TemplateError (every problem, with its line)
    for a file that is not UTF-8 YAML or does not follow the format."""
    try:
        document = load_yaml(data, _Loader)
    except YamlError as error:
        raise _invalid(error.detail) from None
    if not isinstance(document, dict):
        raise _invalid(_("nội dung phải là một bảng khóa–giá trị (format, code, title, …)"))
    return parse_template(document)


def write_template(spec: TemplateSpec) -> str:
    """The template as a `parindex.report-template/1` file that reads back the same."""
    header = _(
        "# Mẫu báo cáo CCHC định kỳ – định dạng parindex.report-template/1 (YAML, UTF-8).\n"
        "# Xem docs/report-templates.md.\n"
    )
    body = yaml.safe_dump(template_to_dict(spec), allow_unicode=True, sort_keys=False, width=4096)
    return header + body
