"""What the unit types in an item's inputs: numbers written the Vietnamese way, impossible values,
the messages (in both languages), and the preview that shows what saving gives."""

import re
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from parindex.assessments.models import Entry, UnitAssessment
from parindex.catalog.models import Criterion
from parindex.core.forms import NumberField
from parindex.testing.factories import LEAVES, build_set, make_open_period

pytestmark = pytest.mark.django_db

# 1.2 refuses a zero denominator; 1.5 counts 0 / 0 as not applicable.
PAYMENTS = {
    "code": "1.5",
    "title": "Tỷ lệ hồ sơ thanh toán trực tuyến",
    "max_points": 1,
    "method": "self",
    "evidence": "none",
    "rule": {
        "kind": "ratio_proportional",
        "numerator": "Số hồ sơ thanh toán trực tuyến",
        "denominator": "Tổng số hồ sơ có nghĩa vụ tài chính",
        "zero_denominator": "not_applicable",
    },
}


@pytest.fixture
def payments_assessment(department_level, justice, admin_user) -> UnitAssessment:
    """Sở Tư pháp's draft in an open period, with the four kinds of factories.LEAVES and 1.5."""
    criteria_set = build_set(department_level, leaves=[*LEAVES, PAYMENTS], by=admin_user)
    period = make_open_period([criteria_set])
    return UnitAssessment.objects.create(period=period, unit=justice, criteria_set=criteria_set)


def _pk(assessment, code) -> int:
    return Criterion.objects.get(criteria_set=assessment.criteria_set, code=code).pk


def _post(client, assessment, code, *, view="entry_save", version=0, htmx=False, **values):
    pk = _pk(assessment, code)
    data = {f"c{pk}-version": version} | {f"c{pk}-{n}": value for n, value in values.items()}
    headers = {"HX-Request": "true"} if htmx else {}
    url = reverse(f"assessments:{view}", args=[assessment.pk, pk])
    return client.post(url, data, headers=headers)


def _errors(response) -> list[str]:
    """The field and form errors the page shows, in order."""
    html = response.content.decode()
    return re.findall(
        r'<div class="(?:invalid-feedback d-block|alert alert-danger[^"]*)">([^<]*)<', html
    )


def _badge(html: str) -> str:
    badge = re.search(r'<span class="badge[^"]*" id="points-\d+"[^>]*>([^<]*)</span>', html)[1]
    return " ".join(badge.split())


class Quantity(forms.Form):
    number = NumberField(label="Số vốn đã giải ngân", required=False)
    count = NumberField(label="Số báo cáo", required=False, whole=True)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("2.000", Decimal(2000)),
        ("1.234", Decimal(1234)),
        ("1.234,5", Decimal("1234.5")),
        ("1 234,5", Decimal("1234.5")),
        ("1\N{NO-BREAK SPACE}234,5", Decimal("1234.5")),
        ("1.234.567,25", Decimal("1234567.25")),
        ("0,5", Decimal("0.5")),
        ("0.5", Decimal("0.5")),  # one dot not before three digits: a decimal point
        ("12.5", Decimal("12.5")),
        (",5", Decimal("0.5")),
        (" 7 ", Decimal(7)),
        ("", None),
    ],
)
def test_numbers_are_read_as_the_province_writes_them(typed, read):
    form = Quantity({"number": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["number"] == read


NOT_A_NUMBER = (
    "“Số vốn đã giải ngân” phải là một số, ví dụ 2.000 hoặc 1.234,5 (dấu chấm ngăn cách hàng "
    "nghìn, dấu phẩy trước phần thập phân)."
)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1e2", NOT_A_NUMBER),
        ("NaN", NOT_A_NUMBER),
        ("Infinity", NOT_A_NUMBER),
        ("abc", NOT_A_NUMBER),
        ("1,2,3", NOT_A_NUMBER),
        ("1.5,5", NOT_A_NUMBER),
        ("-1", "“Số vốn đã giải ngân” không được là số âm."),
    ],
)
def test_exponents_words_and_negative_numbers_are_refused(typed, message):
    with translation.override("vi"):
        form = Quantity({"number": typed})
        assert not form.is_valid()
        assert form.errors["number"] == [message]


def test_a_count_is_a_whole_number():
    with translation.override("vi"):
        form = Quantity({"count": "2.000"})
        assert form.is_valid() and form.cleaned_data["count"] == 2000
        form = Quantity({"count": "2,5"})
        assert not form.is_valid()
        assert form.errors["count"] == ["“Số báo cáo” phải là số nguyên."]


# --- Through the scorecard ------------------------------------------------------------------


def test_thousands_dots_are_thousands(officer_client, payments_assessment):
    # Read as 1234,5 / 2 before: full points for 62 %.
    _post(officer_client, payments_assessment, "1.2", numerator="1234,5", denominator="2.000")
    entry = Entry.objects.get()
    assert (entry.numerator, entry.denominator, entry.self_points) == (
        Decimal("1234.5"),
        2000,
        0,
    )
    _post(officer_client, payments_assessment, "1.3", count="2.000")
    assert Entry.objects.get(criterion__code="1.3").count == 2000
    # Shown under the rule's own name for what is counted.
    page = officer_client.get(payments_assessment.get_absolute_url()).text
    assert '<dt class="col-sm-3">Hồ sơ quá hạn</dt><dd class="col-sm-9">2.000</dd>' in page


def test_what_was_saved_is_shown_back_as_it_reads(officer_client, payments_assessment):
    _post(officer_client, payments_assessment, "1.2", numerator="1.234,5", denominator="1 500")
    page = officer_client.get(
        f"{payments_assessment.get_absolute_url()}?edit={_pk(payments_assessment, '1.2')}"
    ).content.decode()
    assert 'value="1234,5"' in page and 'value="1500"' in page
    # Read-only, the figures are grouped as the province writes them.
    assert "1.234,5 / 1.500" in officer_client.get(payments_assessment.get_absolute_url()).text


def test_an_exponent_is_refused_with_a_clear_message(officer_client, payments_assessment):
    response = _post(officer_client, payments_assessment, "1.4", points="1e0")
    assert _errors(response) == [
        "“Điểm (tối đa 1, bước 0,25)” phải là một số, ví dụ 2.000 hoặc 1.234,5 "
        "(dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân)."
    ]
    assert not Entry.objects.exists()


def test_a_count_of_two_and_a_half_is_refused(officer_client, payments_assessment):
    response = _post(officer_client, payments_assessment, "1.3", count="2,5")
    assert _errors(response) == ["“Hồ sơ quá hạn” phải là số nguyên."]
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        # Only the field's own error: nothing is missing.
        (
            {"numerator": "-1", "denominator": "4"},
            ["“Số nhiệm vụ đã hoàn thành” không được là số âm."],
        ),
        ({"numerator": "3"}, ["Vui lòng nhập cả “Số nhiệm vụ phải hoàn thành”."]),
        ({"denominator": "3"}, ["Vui lòng nhập cả “Số nhiệm vụ đã hoàn thành”."]),
        (
            {"numerator": "0", "denominator": "0"},
            ["“Số nhiệm vụ phải hoàn thành” bằng 0 không được phép với tiêu chí này."],
        ),
    ],
)
def test_ratio_messages_name_the_input(officer_client, payments_assessment, values, errors):
    assert _errors(_post(officer_client, payments_assessment, "1.2", **values)) == errors
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    ("points", "error"),
    [
        ("0,3", "Điểm 0,3 không phải là bội số của bước chấm 0,25."),
        ("1,5", "Điểm 1,5 lớn hơn mức tối đa 1."),
        ("-0,25", "“Điểm (tối đa 1, bước 0,25)” không được là số âm."),
    ],
)
def test_points_messages_are_sentences(officer_client, payments_assessment, points, error):
    assert _errors(_post(officer_client, payments_assessment, "1.4", points=points)) == [error]


def test_messages_are_english_in_the_english_interface(officer_client, payments_assessment):
    officer_client.cookies["django_language"] = "en"
    cases = [
        (
            "1.2",
            {"numerator": "-1", "denominator": "4"},
            "“Số nhiệm vụ đã hoàn thành” cannot be negative.",
        ),
        ("1.2", {"numerator": "3"}, "Please enter “Số nhiệm vụ phải hoàn thành” as well."),
        (
            "1.2",
            {"numerator": "0", "denominator": "0"},
            "“Số nhiệm vụ phải hoàn thành” cannot be 0 for this criterion.",
        ),
        ("1.3", {"count": "2,5"}, "“Hồ sơ quá hạn” must be a whole number."),
        (
            "1.4",
            {"points": "1e0"},
            "“Points (max. 1, step 0,25)” must be a number, e.g. 2.000 or 1.234,5 "
            "(a dot between thousands, a comma before the decimals).",
        ),
        ("1.4", {"points": "0,3"}, "The score 0,3 is not a multiple of the scoring step 0,25."),
        ("1.4", {"points": "1,5"}, "The score 1,5 is above the maximum of 1."),
    ]
    for code, values, error in cases:
        assert _errors(_post(officer_client, payments_assessment, code, **values)) == [error], (
            values
        )
    response = _post(
        officer_client, payments_assessment, "1.2", htmx=True, numerator="5", denominator="4"
    )
    assert (
        "“Số nhiệm vụ đã hoàn thành” (5) is greater than “Số nhiệm vụ phải hoàn thành” (4): "
        "a ratio above 100%. Check the figures, unless the criterion allows it "
        "(e.g. revenue above the estimate)."
    ) in response.content.decode()
    preview = _post(
        officer_client,
        payments_assessment,
        "1.5",
        view="entry_preview",
        numerator="0",
        denominator="0",
    )
    assert _badge(preview.content.decode()) == "Not applicable (not saved)"


# --- A ratio above 100 % ------------------------------------------------------------------------

WARNING = (
    "“Số nhiệm vụ đã hoàn thành” (5) lớn hơn “Số nhiệm vụ phải hoàn thành” (4): tỷ lệ vượt "
    "100%. Hãy kiểm tra lại số liệu, trừ khi tiêu chí cho phép vượt (ví dụ số thu vượt dự toán)."
)


def test_a_numerator_above_the_denominator_is_saved_with_a_warning(
    officer_client, payments_assessment
):
    """The criteria format cannot tell counts (reports on time out of reports due) from amounts
    (revenue above its estimate): the unit is warned, the engine caps or bands as the rule says."""
    preview = _post(
        officer_client,
        payments_assessment,
        "1.2",
        view="entry_preview",
        numerator="5",
        denominator="4",
    ).content.decode()
    assert _badge(preview) == "2,00 điểm (chưa lưu)"
    assert '<div class="alert alert-warning py-1 px-2 small">' + WARNING + "</div></div>" in preview
    saved = _post(
        officer_client, payments_assessment, "1.2", htmx=True, numerator="5", denominator="4"
    )
    assert "Đã lưu tiêu chí 1.2." in saved.content.decode() and WARNING in saved.content.decode()
    assert Entry.objects.get().self_points == 2
    # Without JavaScript the warning comes with the confirmation.
    response = _post(
        officer_client, payments_assessment, "1.2", version=1, numerator="5", denominator="4"
    )
    page = officer_client.get(response["Location"]).content.decode()
    assert WARNING in page
    # Back to a plausible figure: the preview clears the warning.
    preview = _post(
        officer_client,
        payments_assessment,
        "1.2",
        view="entry_preview",
        numerator="4",
        denominator="4",
    ).content.decode()
    assert (
        f'<div id="warning-{_pk(payments_assessment, "1.2")}" hx-swap-oob="true" '
        'aria-live="polite"></div>' in preview
    )
    # A zero denominator is no ratio: the rule says what it gives, without a warning.
    preview = _post(
        officer_client,
        payments_assessment,
        "1.5",
        view="entry_preview",
        numerator="1",
        denominator="0",
    ).content.decode()
    assert "tỷ lệ vượt" not in preview


# --- The preview shows what saving gives -------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "values", "badge"),
    [
        ("1.5", {"numerator": "0", "denominator": "0"}, "Không áp dụng"),
        ("1.5", {"numerator": "1", "denominator": "4"}, "0,25 điểm"),
        ("1.3", {"count": "1"}, "1,50 điểm"),
        ("1.4", {"points": ""}, "Chưa chấm"),
    ],
)
def test_the_preview_shows_what_saving_gives(
    officer_client, payments_assessment, code, values, badge
):
    shown = _post(officer_client, payments_assessment, code, view="entry_preview", **values)
    assert _badge(shown.content.decode()) == f"{badge} (chưa lưu)"
    response = _post(officer_client, payments_assessment, code, htmx=True, **values)
    assert _badge(response.content.decode()) == badge


def test_zero_over_zero_is_not_applicable_by_the_rule_not_by_the_unit(
    officer_client, payments_assessment
):
    """`zero_denominator: not_applicable`: nothing to count means the item does not apply; the
    facts are stored as typed (no N/A mark, no reason) and the item leaves the max (exclude)."""
    _post(officer_client, payments_assessment, "1.5", numerator="0", denominator="0")
    entry = Entry.objects.get()
    assert (entry.numerator, entry.denominator, entry.not_applicable) == (0, 0, False)
    assert entry.not_applicable_reason == "" and entry.self_points == 0
    page = officer_client.get(payments_assessment.get_absolute_url()).content.decode()
    assert "0,00 / 6,00" in page
    item = page[page.index('id="item-1.5"') :]
    item = item[: item.index("</article>")]
    assert "Tử số / mẫu số" in item and "Điểm tự chấm" not in item  # no score: it does not apply


def test_an_invalid_preview_says_so(officer_client, payments_assessment):
    shown = _post(
        officer_client,
        payments_assessment,
        "1.2",
        view="entry_preview",
        numerator="0",
        denominator="0",
    )
    assert _badge(shown.content.decode()) == "chưa hợp lệ"
