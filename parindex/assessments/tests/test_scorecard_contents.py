"""The scorecard's contents (one line per area: its total, what is left, a link to it) and the
"still to do" filter, which hides the items marked is-done by the server, in CSS."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from parindex.assessments import scorecard, workflow
from parindex.assessments.models import Entry, UnitAssessment
from parindex.catalog import editing
from parindex.catalog.interchange import save_criteria_set
from parindex.catalog.models import Field
from parindex.scoring import parse_criteria
from parindex.testing.browser import SCREENSHOTS, log_in, open_item, save_item, shot
from parindex.testing.factories import LEAVES, make_open_period
from parindex.testing.factories import criterion as _criterion  # tests name theirs `criterion`

pytestmark = pytest.mark.django_db


def _leaf(code: str, *, method: str = "self", evidence: str = "required", **rule) -> dict:
    return {
        "code": code,
        "title": f"Tiêu chí {code}",
        "max_points": rule.pop("max_points", 1),
        "method": method,
        "evidence": evidence,
        "rule": rule or {"kind": "manual", "step": 0.25},
    }


@pytest.fixture
def contents_assessment(department_level, justice, admin_user) -> UnitAssessment:
    """Area 1: the four kinds of factories.LEAVES. Area 2: a criterion 2.1 of two leaves (one
    scored by the appraisal team), and a leaf 2.2. Area 9: a bonus and a penalty."""
    Field.objects.get_or_create(code="CDDH", defaults={"name": "Công tác chỉ đạo, điều hành"})
    areas = [
        ("1", "Công tác chỉ đạo, điều hành CCHC", 6, LEAVES),
        (
            "2",
            "Cải cách thể chế",
            3,
            [
                {
                    "code": "2.1",
                    "title": "Rà soát văn bản",
                    "max_points": 2,
                    "children": [_leaf("2.1.1"), _leaf("2.1.2", method="appraisal")],
                },
                _leaf("2.2", evidence="optional"),
            ],
        ),
        (
            "9",
            "Điểm thưởng, điểm trừ",
            0,
            [
                _leaf("9.1", evidence="optional", max_points=0, kind="bonus", cap=1),
                _leaf("9.2", evidence="optional", max_points=0, kind="penalty", cap=1),
            ],
        ),
    ]
    document = {
        "format": "parindex.criteria/1",
        "title": "Bộ tiêu chí có mục lục",
        "level": department_level.code,
        "year": 2026,
        "max_points": 9,
        "not_applicable": "exclude",
        "classification": [{"label": "Tốt", "min": 90}, {"label": "Yếu", "min": 0}],
        "nodes": [
            {"code": code, "title": title, "field": "CDDH", "max_points": top, "children": leaves}
            for code, title, top, leaves in areas
        ],
    }
    criteria_set = save_criteria_set(parse_criteria(document), by=admin_user)
    assert editing.put_in_use(criteria_set, by=admin_user) == []
    period = make_open_period([criteria_set])
    return UnitAssessment.objects.create(period=period, unit=justice, criteria_set=criteria_set)


def _save(assessment, code: str, by, **data) -> None:
    criterion = _criterion(assessment, code)
    entry = Entry.objects.filter(assessment=assessment, criterion=criterion).first()
    version = entry.version if entry else 0
    scorecard.save_entry(assessment, criterion.pk, data, version=version, by=by)


@pytest.fixture
def worked(contents_assessment, officer) -> UnitAssessment:
    """1.1 has points but neither its required document nor an explanation; 1.3 is not
    applicable without a reason (an import can leave that); 1.4 is not entered yet; the rest of
    area 1 and all of area 2 are done (2.1.2 is the appraisal team's); 9.1 and 9.2 are not
    entered."""
    _save(contents_assessment, "1.1", officer, level="Ban hành chậm")
    _save(contents_assessment, "1.2", officer, numerator=9, denominator=10)
    _save(contents_assessment, "1.3", officer, not_applicable=True, not_applicable_reason="")
    _save(contents_assessment, "2.1.1", officer, points=1, explanation="Văn bản đang trình ký")
    _save(contents_assessment, "2.2", officer, points=1)
    return contents_assessment


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _contents(page: str) -> tuple[str, list[str], list[str]]:
    """The contents' summary and its lines as text, and the lines' links."""
    summary = re.search(r'<span id="contents-summary"[^>]*>(.*?)</span>', page, re.S)[1]
    listed = re.search(r'<ol [^>]*id="contents-list"[^>]*>(.*?)</ol>', page, re.S)[1]
    lines = re.findall(r"<li>(.*?)</li>", listed, re.S)
    links = [re.search(r'href="([^"]+)"', line)[1] for line in lines]
    return _text(summary), [_text(line) for line in lines], links


def _classes(html: str) -> dict[str, set[str]]:
    """Each item's classes besides the layout's."""
    layout = {"scorecard-item", "border-bottom", "py-3", "depth-1", "depth-2"}
    found = re.findall(r'<article class="([^"]*)" id="item-([^"]+)"', html)
    return {code: set(classes.split()) - layout for classes, code in found}


def test_the_contents_list_each_area_with_its_total_and_what_is_left(officer_client, worked):
    page = officer_client.get(worked.get_absolute_url()).content.decode()
    summary, lines, links = _contents(page)
    assert summary == "Mục lục: 3 lĩnh vực · 3 tiêu chí chưa chấm · 2 tiêu chí cần bổ sung"
    assert lines == [
        "1. Công tác chỉ đạo, điều hành CCHC 1,50 / 4,00 điểm 1 chưa chấm 2 cần bổ sung",
        "2. Cải cách thể chế 2,00 / 3,00 điểm đã xong",
        "9. Điểm thưởng, điểm trừ +0,00 / 0,00 điểm 2 chưa chấm",
    ]
    assert links == ["#area-1", "#area-2", "#area-9"]
    for link in links:
        assert page.count(f'id="{link[1:]}"') == 1
    # The contents reuse the groups' totals without taking their ids (swapped after a save).
    assert page.count('id="total-1"') == 1
    # Each area's header links back to the contents.
    assert page.count('href="#contents"') == 3 and 'id="contents"' in page


def test_to_complete_are_the_items_that_block_submission(worked):
    card = scorecard.load(worked)
    assert [item.code for item in card.to_complete] == ["1.1", "1.3"]
    assert [item.code for item in card.to_complete] == [
        blocker.code for blocker in workflow.blockers(worked)
    ]
    assert [item.code for item in card.items if item.needs_work] == [
        "1.1",
        "1.3",
        "1.4",
        "9.1",
        "9.2",
    ]


def test_a_new_scorecard_has_everything_left_and_no_area_done(officer_client, contents_assessment):
    page = officer_client.get(contents_assessment.get_absolute_url()).content.decode()
    summary, lines, _links = _contents(page)
    assert summary == "Mục lục: 3 lĩnh vực · 8 tiêu chí chưa chấm"
    assert [line.rsplit(" điểm ", 1)[1] for line in lines] == [
        "4 chưa chấm",
        "2 chưa chấm",  # 2.1.2 is not the unit's
        "2 chưa chấm",
    ]


def test_items_are_marked_done_or_still_to_do(officer_client, worked):
    page = officer_client.get(worked.get_absolute_url()).content.decode()
    assert _classes(page) == {
        "1.1": {"is-todo"},  # points, no document, no explanation
        "1.2": {"is-done"},
        "1.3": {"is-todo"},  # not applicable, no reason
        "1.4": {"is-todo"},  # not entered
        "2.1.1": {"is-done"},  # no document but an explanation
        "2.1.2": {"is-done"},  # the appraisal team's: nothing for the unit to do
        "2.2": {"is-done"},
        "9.1": {"is-todo"},
        "9.2": {"is-todo"},
    }
    # The filter: a box before the rows; every area can say it has nothing left.
    assert page.index('id="todo-only"') < page.index('class="scorecard-rows"')
    assert page.count('class="scorecard-done') == 3


class Sections(HTMLParser):
    """Where each item sits: the sections (areas and criteria) around it."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.parents: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "section":  # an item's evidence block is a section too
            group = "scorecard-node" in attrs["class"]
            self.open.append(attrs.get("id", "criterion") if group else "")
        if tag == "article" and attrs.get("id", "").startswith("item-"):
            self.parents[attrs["id"]] = [name for name in self.open if name]

    def handle_endtag(self, tag) -> None:
        if tag == "section":
            self.open.pop()


def test_each_group_wraps_its_rows(officer_client, worked):
    """The filter hides a criterion with nothing left as a whole, and tells an area done."""
    page = officer_client.get(worked.get_absolute_url()).content.decode()
    rows = page[page.index('class="scorecard-rows"') :]
    sections = Sections()
    sections.feed(rows)
    assert sections.open == []
    assert sections.parents == {
        "item-1.1": ["area-1"],
        "item-1.2": ["area-1"],
        "item-1.3": ["area-1"],
        "item-1.4": ["area-1"],
        "item-2.1.1": ["area-2", "criterion"],
        "item-2.1.2": ["area-2", "criterion"],
        "item-2.2": ["area-2"],
        "item-9.1": ["area-9"],
        "item-9.2": ["area-9"],
    }


def _htmx_save(client, assessment, code: str, **values) -> str:
    criterion = _criterion(assessment, code)
    entry = Entry.objects.filter(assessment=assessment, criterion=criterion).first()
    prefix = f"c{criterion.pk}-"
    data = {f"{prefix}version": entry.version if entry else 0}
    data |= {prefix + name: value for name, value in values.items()}
    url = reverse("assessments:entry_save", args=[assessment.pk, criterion.pk])
    return client.post(url, data, headers={"HX-Request": "true"}).content.decode()


def test_an_htmx_save_changes_the_class_and_the_contents(officer_client, worked):
    url = worked.get_absolute_url()
    assert _classes(officer_client.get(url).content.decode())["1.4"] == {"is-todo"}  # cached now
    edit = reverse("assessments:entry_edit", args=[worked.pk, _criterion(worked, "1.4").pk])
    opened = officer_client.get(edit, headers={"HX-Request": "true"}).content.decode()
    # Open, an item stays in view under the filter.
    assert _classes(opened) == {"1.4": {"is-todo", "is-active"}}

    saved = _htmx_save(officer_client, worked, "1.4", points="0,75", explanation="Đang trình ký")
    # Done, and still in view with its "saved" line until the page is loaded again.
    assert _classes(saved) == {"1.4": {"is-done", "is-active"}}
    assert 'id="contents-summary" hx-swap-oob="true"' in saved
    assert 'id="contents-list" hx-swap-oob="true"' in saved
    summary, lines, _links = _contents(saved)
    assert summary == "Mục lục: 3 lĩnh vực · 2 tiêu chí chưa chấm · 2 tiêu chí cần bổ sung"
    assert lines[0] == "1. Công tác chỉ đạo, điều hành CCHC 2,25 / 4,00 điểm 2 cần bổ sung"

    # Without its explanation 2.1.1 needs completing again.
    saved = _htmx_save(officer_client, worked, "2.1.1", points="1")
    assert _classes(saved) == {"2.1.1": {"is-todo", "is-active"}}
    summary, lines, _links = _contents(saved)
    assert lines[1] == "2. Cải cách thể chế 2,00 / 3,00 điểm 1 cần bổ sung"

    # The cached page follows the saves (they move last_activity_at, in its key).
    page = officer_client.get(url).content.decode()
    assert _classes(page)["1.4"] == {"is-done"} and _classes(page)["2.1.1"] == {"is-todo"}
    assert _contents(page)[0] == (
        "Mục lục: 3 lĩnh vực · 2 tiêu chí chưa chấm · 3 tiêu chí cần bổ sung"
    )


def test_the_outline_closes_every_group_it_opens(worked):
    card = scorecard.load(worked)
    outline = [(row.node.code if row else None, len(ends)) for row, ends in card.outline]
    assert outline == [
        ("1", 0),
        ("1.1", 0),
        ("1.2", 0),
        ("1.3", 0),
        ("1.4", 0),
        ("2", 1),  # closes area 1
        ("2.1", 0),
        ("2.1.1", 0),
        ("2.1.2", 0),
        ("2.2", 1),  # closes 2.1
        ("9", 1),
        ("9.1", 0),
        ("9.2", 0),
        (None, 1),
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_filter_hides_what_is_done_on_a_desktop_and_a_phone(page, live_server, worked):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.set_viewport_size({"width": 1366, "height": 900})
    # Instant scrolls and buttons (Bootstrap animates both otherwise): measured when they land.
    page.emulate_media(reduced_motion="reduce")
    log_in(page, live_server, "stp.canbo")
    page.goto(f"{live_server.url}{worked.get_absolute_url()}")
    contents = page.locator("#contents")
    expect(contents.locator("summary")).to_have_text(
        "Mục lục: 3 lĩnh vực · 3 tiêu chí chưa chấm · 2 tiêu chí cần bổ sung"
    )
    expect(page.locator("#contents-list")).to_be_hidden()
    contents.locator("summary").click()
    shot(page, "scorecard-contents-1366")
    contents.get_by_role("link", name="2. Cải cách thể chế").click()
    expect(page).to_have_url(re.compile("#area-2$"))

    def item(code):
        return page.locator(f"article[id='item-{code}']")

    # Back to the contents from an area's header.
    page.locator("#area-9 .scorecard-up").click()
    expect(page).to_have_url(re.compile("#contents$"))
    # An item reached by its link lands under its area's header, which stays in view.
    page.goto(f"{live_server.url}{worked.get_absolute_url()}#item-1.3")
    header = page.locator("#area-1 > .scorecard-group").bounding_box()
    assert header["y"] == 0
    assert item("1.3").bounding_box()["y"] >= header["height"]
    page.screenshot(path=SCREENSHOTS / "scorecard-sticky-1366.png", caret="initial")

    toggle = page.locator("label[for='todo-only']")
    toggle.click()
    expect(page.locator("#todo-only")).to_be_checked()
    expect(toggle).to_have_css("color", "rgb(255, 255, 255)")  # pressed, once its transition ends
    for code in ("1.2", "2.1.1", "2.1.2", "2.2"):
        expect(item(code)).to_be_hidden()
    for code in ("1.1", "1.3", "1.4", "9.1", "9.2"):
        expect(item(code)).to_be_visible()
    expect(page.locator("#area-2 .scorecard-done")).to_be_visible()
    expect(page.locator("#area-1 .scorecard-done")).to_be_hidden()
    expect(page.get_by_role("heading", name="2.1. Rà soát văn bản")).to_be_hidden()
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "scorecard-todo-only-1366")

    # Saved, an item stays in view (with its "saved" line); the contents count it at once.
    expect(contents).to_have_attribute("open", "")
    manual = open_item(page, "1.4")
    manual.get_by_label("Điểm (tối đa 1, bước 0,25)").fill("0,75")
    manual.get_by_label("Giải trình").fill("Báo cáo đang trình ký")
    save_item(manual)
    expect(item("1.4")).to_contain_text("Đã lưu tiêu chí 1.4.")
    expect(item("1.4")).to_have_class(re.compile(r"\bis-done\b"))
    expect(contents.locator("summary")).to_have_text(
        "Mục lục: 3 lĩnh vực · 2 tiêu chí chưa chấm · 2 tiêu chí cần bổ sung"
    )
    expect(page.locator("#contents-list")).to_be_visible()  # still open
    page.reload()
    toggle.click()
    expect(item("1.4")).to_be_hidden()

    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    # On a phone the closed contents keep the first area within the first screen.
    assert page.locator("#area-1").bounding_box()["y"] < 812
    shot(page, "scorecard-top-375")
    toggle.click()
    expect(toggle).to_have_css("color", "rgb(255, 255, 255)")
    for code in ("1.2", "1.4", "2.1.1", "2.1.2", "2.2"):
        expect(item(code)).to_be_hidden()
    expect(item("1.1")).to_be_visible()
    shot(page, "scorecard-todo-only-375")
    contents.locator("summary").click()
    shot(page, "scorecard-contents-375")
    assert errors == []
