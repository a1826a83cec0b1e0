"""A set copied to another year: which texts name the year, how they read after, and what still
names another year before the set is used."""

import dataclasses

from parindex.catalog.interchange import read_yaml
from parindex.catalog.years import Text, other_years, texts, with_changes, year_changes
from parindex.demo.catalog import REFERENCE_DIR
from parindex.scoring.criteria_format import parse_criteria

DEPARTMENT = parse_criteria(
    read_yaml((REFERENCE_DIR / "criteria-2025-department.yaml").read_bytes())
)


def test_a_year_on_its_own_is_a_year_and_a_date_or_a_number_is_not():
    text = Text(
        "1.1",
        "guidance",
        "Kế hoạch CCHC năm 2025 (KH 5933/KH-UBND ngày 30/12/2024); sắp xếp từ 01/3/2025; "
        "QĐ 2025/QĐ-UBND; giai đoạn 2021-2025; theo TCVN ISO 9001:2015.",
    )
    assert text.years() == {2025}


def test_the_reference_sets_name_no_other_year_than_their_own():
    # "TCVN ISO 9001:2015" is the standard's edition, not a year to warn about.
    assert other_years(DEPARTMENT) == []


def test_copying_changes_the_years_of_the_plan_not_the_dates_of_documents():
    changes = {change.key: change for change in year_changes(DEPARTMENT, 2025, 2026)}
    plan = changes["1.1.1|title"]
    assert (plan.text.value, plan.after) == (
        "Ban hành Kế hoạch CCHC năm 2025 của cơ quan",
        "Ban hành Kế hoạch CCHC năm 2026 của cơ quan",
    )
    guidance = changes["1.1.1|guidance"].after
    assert "Kế hoạch CCHC năm 2026 (KH 5933/KH-UBND ngày 30/12/2024)" in guidance
    assert "sắp xếp ngày 01/3/2025" in guidance
    legal = changes.get("|legal_basis")
    assert legal is None  # only dates there: "ngày 15/10/2025", "ngày 19/12/2025"
    assert "2026" in changes["|title"].after and "2025" not in changes["|title"].after


def test_the_chosen_changes_only_are_applied():
    changes = year_changes(DEPARTMENT, 2025, 2026)
    title = next(change for change in changes if change.key == "|title")
    plan = next(change for change in changes if change.key == "1.1.1|title")
    copied = with_changes(DEPARTMENT, [title, plan])
    assert copied.title == title.after and copied.find("1.1.1").title == plan.after
    assert copied.find("1.1.1").guidance == DEPARTMENT.find("1.1.1").guidance
    assert [t.value for t in texts(copied)].count(plan.after) == 1


def test_a_copy_still_naming_the_old_year_is_pointed_out():
    copy = dataclasses.replace(DEPARTMENT, year=2026)
    left = {text.key for text in other_years(copy)}
    assert {"|title", "1.1.1|title", "1.1.1|guidance"} <= left
    done = dataclasses.replace(with_changes(copy, year_changes(DEPARTMENT, 2025, 2026)), year=2026)
    assert "1.1.1|title" not in {text.key for text in other_years(done)}
