"""`manage.py evaluate CRITERIA.yaml ANSWERS.yaml [...] [--json]`: score answer files against a
criteria file, without a database (format: ../shared/reference/criteria-format.md)."""

import json
import sys
from decimal import Decimal

import yaml
from django.core.management.base import BaseCommand

from parindex.scoring import (
    AnswersError,
    CriteriaError,
    CriteriaSet,
    NodeResult,
    UnitResult,
    classify,
    evaluate,
    parse_answers,
    parse_criteria,
    rank,
    round2,
)


class _Invalid(Exception):
    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def _read_yaml(path: str) -> object:
    try:
        with open(path, encoding="utf-8") as stream:
            return yaml.safe_load(stream)
    except OSError as error:
        raise _Invalid([f"{path}: không đọc được tệp ({error.strerror})"]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise _Invalid([f"{path}: không phải tệp YAML UTF-8 hợp lệ ({error})"]) from None


def _two(value: Decimal | None) -> str | None:
    return None if value is None else format(round2(value), "f")


def _node_json(result: NodeResult) -> dict:
    data: dict = {
        "points": _two(result.points),
        "max": _two(result.max),
        "index": _two(result.index),
    }
    if result.not_applicable:
        data["not_applicable"] = True
    return data


def _unit_json(unit: str, result: UnitResult, rank: int | None, label: str | None) -> dict:
    return {
        "unit": unit,
        "points": _two(result.points),
        "bonus": _two(result.bonus),
        "penalty": _two(result.penalty),
        "total": _two(result.total),
        "max": _two(result.max),
        "index": _two(result.index),
        "class": label,
        "rank": rank,
        "nodes": {code: _node_json(node) for code, node in result.nodes.items()},
    }


class Command(BaseCommand):
    help = (
        "Chấm điểm các tệp kết quả (parindex.answers/1) theo một bộ tiêu chí "
        "(parindex.criteria/1), không cần cơ sở dữ liệu."
    )
    # It reads files and nothing else: no database, no project checks to wait for.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("criteria", help="tệp bộ tiêu chí (YAML)")
        parser.add_argument("answers", nargs="+", help="tệp kết quả của từng đơn vị (YAML)")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args, criteria: str, answers: list[str], **options) -> None:
        try:
            cs = self._criteria(criteria)
            units = self._units(cs, answers)
        except _Invalid as invalid:
            for line in invalid.lines:
                self.stderr.write(line)
            sys.exit(1)
        results = [result for _, result in units]
        ranks = rank({n: result.index for n, result in enumerate(results)})
        rows = [
            _unit_json(unit, result, ranks[n], classify(result.index, cs.classification))
            for n, (unit, result) in enumerate(units)
        ]
        if options["json"]:
            self.stdout.write(json.dumps({"units": rows}, ensure_ascii=False, indent=2))
        else:
            self._table(rows)

    def _criteria(self, path: str) -> CriteriaSet:
        try:
            return parse_criteria(_read_yaml(path))
        except CriteriaError as error:
            raise _Invalid([str(problem) for problem in error.problems]) from None

    def _units(self, cs: CriteriaSet, paths: list[str]) -> list[tuple[str, UnitResult]]:
        units, lines = [], []
        for path in paths:
            # With several files each line names its file, as grep does.
            prefix = f"{path}: " if len(paths) > 1 else ""
            try:
                unit, entries = parse_answers(cs, _read_yaml(path))
            except _Invalid as invalid:
                lines += invalid.lines
            except AnswersError as error:
                lines += [f"{prefix}{problem}" for problem in error.problems]
            else:
                units.append((unit, evaluate(cs, entries)))
        if lines:
            raise _Invalid(lines)
        return units

    def _table(self, rows: list[dict]) -> None:
        def comma(value: str | None) -> str:
            return "-" if value is None else value.replace(".", ",")

        self.stdout.write("Hạng\tĐơn vị\tTổng điểm\tĐiểm tối đa\tChỉ số\tXếp loại")
        for row in rows:
            cells = [row["rank"] or "-", row["unit"], comma(row["total"]), comma(row["max"])]
            cells += [comma(row["index"]), row["class"] or "-"]
            self.stdout.write("\t".join(str(cell) for cell in cells))
