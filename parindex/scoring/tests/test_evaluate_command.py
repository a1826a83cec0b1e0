"""`manage.py evaluate`: answer files scored against a criteria file, without a database."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from parindex.testing.samples import DEPARTMENT_SAMPLE, REFERENCE, answers

CRITERIA = str(REFERENCE / "criteria-2025-department.yaml")
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _django(request):
    # The engine's own tests also run with `-p no:django`; only these need Django's settings.
    if not request.config.pluginmanager.hasplugin("django"):
        pytest.skip("needs Django settings (pytest-django)")


def write(folder: Path, name: str, document: dict) -> str:
    path = folder / name
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def run(*args: str) -> tuple[str, str, int]:
    out, err = StringIO(), StringIO()
    try:
        call_command("evaluate", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return out.getvalue(), err.getvalue(), exit_.code
    return out.getvalue(), err.getvalue(), 0


def test_json_output_has_every_figure_with_two_decimals(tmp_path):
    sample = write(tmp_path, "tu-phap.yaml", answers("department", "Sở Tư pháp", DEPARTMENT_SAMPLE))
    empty = write(tmp_path, "y-te.yaml", {"format": "parindex.answers/1", "unit": "Sở Y tế"})
    out, err, code = run(CRITERIA, sample, empty, "--json")
    assert (err, code) == ("", 0)
    units = json.loads(out)["units"]
    # Hand-reckoned in test_reference_sets: 90.99 of 94.5, +1 −0.5, index 96.8148… → 96.81.
    first = {key: value for key, value in units[0].items() if key != "nodes"}
    assert first == {
        "unit": "Sở Tư pháp",
        "points": "90.99",
        "bonus": "1.00",
        "penalty": "0.50",
        "total": "91.49",
        "max": "94.50",
        "index": "96.81",
        "class": "Tốt",
        "rank": 1,
    }
    nodes = units[0]["nodes"]
    assert list(nodes)[:4] == ["1", "1.1", "1.1.1", "1.1.2"]
    assert nodes["1"] == {"points": "11.00", "max": "13.00", "index": "84.62"}
    assert nodes["2.1.1"] == {
        "points": "0.00",
        "max": "0.00",
        "index": None,
        "not_applicable": True,
    }
    assert nodes["9.2.2"] == {"points": "0.50", "max": "0.00", "index": None}
    second = {key: units[1][key] for key in ("unit", "total", "max", "index", "class", "rank")}
    assert second == {
        "unit": "Sở Y tế",
        "total": "0.00",
        "max": "100.00",
        "index": "0.00",
        "class": "Yếu",
        "rank": 2,
    }


def test_without_json_a_table_in_the_order_of_the_files(tmp_path):
    sample = write(tmp_path, "a.yaml", answers("department", "Sở Tư pháp", DEPARTMENT_SAMPLE))
    best = write(tmp_path, "b.yaml", answers("department", "Sở Nội vụ", {}))
    out, err, code = run(CRITERIA, sample, best)
    assert (err, code) == ("", 0)
    assert out.splitlines() == [
        "Hạng\tĐơn vị\tTổng điểm\tĐiểm tối đa\tChỉ số\tXếp loại",
        "2\tSở Tư pháp\t91,49\t94,50\t96,81\tTốt",
        "1\tSở Nội vụ\t100,00\t100,00\t100,00\tTốt",
    ]


BAD_ENTRIES = {
    "1.1.1": {"level": "Ban hành sớm"},
    "1.1.3": {"numerator": 18, "denominator": 0},
    "1.2.1": {"not_applicable": True},
    "1.6.2": {"count": 2.5},
    "8.1.1": {"points": 1.875},
    "9.1.1": {"points": 2},
    "7.9": {"points": 1},
}


def test_invalid_entries_are_listed_as_code_and_reason_and_nothing_is_printed(tmp_path):
    bad = write(
        tmp_path,
        "bad.yaml",
        {"format": "parindex.answers/1", "unit": "Sở X", "entries": BAD_ENTRIES},
    )
    out, err, code = run(CRITERIA, bad, "--json")
    assert (out, code) == ("", 1)
    assert err.splitlines() == [
        "1.1.1: mức “Ban hành sớm” không có trong danh sách 3 mức",
        "1.1.3: mẫu số bằng 0 không được phép với tiêu chí này",
        "1.2.1: tiêu chí này không được đánh dấu không áp dụng",
        "1.6.2: số trường hợp (count) phải là số nguyên (2,5)",
        "8.1.1: điểm (1,875) không phải bội số của bước chấm (0,01)",
        "9.1.1: điểm (2) lớn hơn mức tối đa (1)",
        "7.9: không có tiêu chí này trong bộ tiêu chí",
    ]


def test_with_several_files_each_error_names_its_file(tmp_path):
    good = write(tmp_path, "good.yaml", answers("department", "Sở Nội vụ", {}))
    bad = write(
        tmp_path,
        "bad.yaml",
        {"format": "parindex.answers/1", "unit": "Sở X", "entries": {"1.6.2": {"count": -1}}},
    )
    out, err, code = run(CRITERIA, good, bad, str(tmp_path / "missing.yaml"), "--json")
    assert (out, code) == ("", 1)
    assert err.splitlines() == [
        f"{bad}: 1.6.2: count không được âm (-1)",
        f"{tmp_path / 'missing.yaml'}: không đọc được tệp (No such file or directory)",
    ]


def test_an_invalid_criteria_file_is_reported_problem_by_problem(tmp_path):
    doc = yaml.safe_load(Path(CRITERIA).read_text(encoding="utf-8"))
    doc["nodes"][0]["max_points"] = 14
    criteria = write(tmp_path, "criteria.yaml", doc)
    good = write(tmp_path, "good.yaml", answers("department", "Sở Nội vụ", {}))
    out, err, code = run(criteria, good, "--json")
    assert (out, code) == ("", 1)
    assert err.splitlines() == [
        "1: điểm tối đa (14) khác tổng điểm tối đa các tiêu chí con (13)",
        "điểm tối đa của bộ tiêu chí (100) khác tổng điểm tối đa các lĩnh vực (101)",
    ]


def test_the_command_line_exits_with_status_1(tmp_path):
    bad = write(
        tmp_path,
        "bad.yaml",
        {"format": "parindex.answers/1", "unit": "Sở X", "entries": {"1.6.2": {"count": 0.5}}},
    )
    process = subprocess.run(  # noqa: S603 - the test's own interpreter and temporary files
        [sys.executable, "-m", "django", "evaluate", CRITERIA, bad, "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ
        | {"PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])},
        check=False,
    )
    assert (process.returncode, process.stdout) == (1, "")
    assert process.stderr == "1.6.2: số trường hợp (count) phải là số nguyên (0,5)\n"


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_a_file_that_is_not_yaml(tmp_path, extra):
    broken = tmp_path / "broken.yaml"
    broken.write_text("entries: [unclosed", encoding="utf-8")
    out, err, code = run(CRITERIA, str(broken), *extra)
    assert (out, code) == ("", 1)
    assert err.startswith(f"{broken}: không phải tệp YAML UTF-8 hợp lệ (")
