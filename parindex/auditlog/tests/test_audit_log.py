"""The admin's audit log: who may read it, what each filter finds, the links to the objects, the
query count, and the workbook."""

import re
from datetime import datetime

import pytest
from django.urls import reverse

from parindex.accounts.models import Role
from parindex.assessments.models import Entry
from parindex.auditlog.objects import KINDS
from parindex.core import audit
from parindex.testing.documents import values, workbook
from parindex.testing.factories import make_user

pytestmark = pytest.mark.django_db

PAGES = ["auditlog:list", "auditlog:export"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(
    "role", [Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.APPRAISER, Role.APPRAISAL_LEAD]
)
def test_every_role_but_the_admin_is_refused(client, justice, home_affairs, name, role):
    unit = justice if role in (Role.UNIT_OFFICER, Role.UNIT_HEAD) else home_affairs
    client.force_login(make_user(f"x.{role}", role, unit))
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert "không có quyền" in response.content.decode().lower()


def test_newest_first_with_old_and_new_values_and_the_reason_in_vietnamese(admin_client, trail):
    page = admin_client.get(reverse("auditlog:list")).content.decode()
    assert page.index("=1+2") < page.index("Nghỉ hưu") < page.index("Sửa chính tả")
    assert "Khóa tài khoản" in page and "Sửa đơn vị" in page  # actions in words
    assert '<span class="text-body-secondary">Tên:</span> Sở Tư Pháp' in page
    assert '<span class="text-body-secondary">Tên:</span> Sở Tư pháp' in page
    assert "Sửa chính tả theo quyết định thành lập" in page
    assert "09:00 02/03/2026" in page  # in Vietnam's time


def test_each_object_links_to_its_page(admin_client, trail, justice, other_unit_officer):
    page = admin_client.get(reverse("auditlog:list")).content.decode()
    entry = Entry.objects.get(pk=trail["entry"].target_id)
    for url in (
        reverse("catalog:unit_detail", args=[justice.pk]),
        reverse("account_detail", args=[other_unit_officer.pk]),
        reverse("assessments:entry_history", args=[entry.assessment_id, entry.criterion_id]),
    ):
        assert f'<a href="{url}">' in page
        assert admin_client.get(url).status_code == 200
    assert f"Đơn vị · {justice.pk}" in page and "Tự chấm tiêu chí · " in page


def _shown(client, **query) -> set[int]:
    response = client.get(reverse("auditlog:list"), query)
    assert response.status_code == 200, response.content.decode()
    return {int(pk) for pk in re.findall(r'data-entry="(\d+)"', response.content.decode())}


def _ids(trail, *names) -> set[int]:
    return {trail[name].pk for name in names}


def test_filters(admin_client, trail, officer, other_unit_officer, ward, justice):
    shown = lambda **query: _shown(admin_client, **query)  # noqa: E731
    assert shown() == _ids(trail, "unit", "entry", "ward", "account", "formula")
    assert shown(actor=officer.pk) == _ids(trail, "entry")
    # A unit: its own record, its scorecard's items, its people's accounts and what they did.
    assert shown(unit=justice.pk) == _ids(trail, "unit", "entry")
    assert shown(unit=ward.pk) == _ids(trail, "ward", "account", "formula")
    assert shown(target_type="catalog.unit") == _ids(trail, "unit", "ward", "formula")
    assert shown(target_type="catalog.unit", target_id=ward.pk) == _ids(trail, "ward", "formula")
    assert shown(action="account.deactivate") == _ids(trail, "account")
    # Whole days in Vietnam: 23:30 on 31/03 is that day, 00:10 on 01/04 the next.
    assert shown(until="31/03/2026") == _ids(trail, "unit", "entry")
    assert shown(since="01/04/2026", until="15/04/2026") == _ids(trail, "ward", "account")
    assert shown(since="2026-04-16") == _ids(trail, "formula")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"target_id": "12"}, "Chọn loại đối tượng của mã đã nhập."),
        ({"target_type": "catalog.unit", "target_id": "²"}, "Mã đối tượng là một số"),
        ({"since": "31/02/2026"}, "Ngày 31/02/2026 không tồn tại"),
        ({"since": "02/04/2026", "until": "01/04/2026"}, "Ngày kết thúc phải từ ngày bắt đầu"),
        ({"actor": str(2**64)}, "Không có lựa chọn này"),
        ({"unit": "abc"}, "Không có lựa chọn này"),
        ({"action": "x.y", "target_type": "auth.group"}, "Không có lựa chọn này"),
    ],
)
def test_a_filter_that_cannot_be_read_says_why(admin_client, trail, query, message):
    for name in PAGES:
        response = admin_client.get(reverse(name), query)
        assert response.status_code == 400
        assert message in response.content.decode()


@pytest.mark.parametrize("extra", [0, 60])
def test_the_query_count_does_not_grow_with_the_entries(
    admin_client, trail, extra, justice, ward, officer, admin_user, django_assert_num_queries
):
    entry = Entry.objects.get(pk=trail["entry"].target_id)
    for number in range(extra // 3):
        audit.record("unit.update", ward, by=admin_user, new={"order": number})
        audit.record("self_assessment.entry", entry, by=officer, new={"level": str(number)})
        audit.record("account.update", officer, by=admin_user, new={"phone": str(number)})
    # Session and user, the filters' choices (people, units), the count, the page's entries
    # with their actors, one query per kind of object shown (units, entries, accounts).
    with django_assert_num_queries(9):
        response = admin_client.get(reverse("auditlog:list"))
    assert len(_shown(admin_client)) == min(5 + extra, 50)
    assert response.status_code == 200
    with django_assert_num_queries(5):
        response = admin_client.get(reverse("auditlog:export"))
    assert workbook(response.content).active.max_row == 1 + 5 + extra


def test_the_workbook_holds_the_filtered_entries_as_the_page_shows_them(admin_client, trail, ward):
    response = admin_client.get(reverse("auditlog:export"), {"unit": ward.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "nhat-ky-thay-doi-" in response["Content-Disposition"]
    sheet = workbook(response.content).active
    assert values(sheet, 1)[:6] == [
        "Thời điểm",
        "Người thực hiện",
        "Hành động",
        "Loại đối tượng",
        "Mã đối tượng",
        "Đối tượng",
    ]
    assert sheet.max_row == 4
    newest = values(sheet, 2)
    assert newest[0] == datetime(2026, 4, 20, 8, 0)  # a date Excel can sort, in Vietnam's time
    assert sheet.cell(2, 1).number_format == "dd/mm/yyyy hh:mm"
    assert newest[2:6] == ["Sửa đơn vị", "Đơn vị", str(ward.pk), ward.name]
    assert newest[7] == "Tên: =1+2"
    assert sheet.cell(2, 8).data_type == "s"  # never a formula
    account = values(sheet, 3)
    assert account[1] == "Nguyễn Văn Quản (quantri)" and account[8] == "Nghỉ hưu"


def test_every_kind_names_its_model_and_page():
    for target_type, kind in KINDS.items():
        assert kind.model._meta.label_lower == target_type


def test_the_admin_finds_the_log_from_the_menu_and_home(admin_client):
    page = admin_client.get(reverse("home")).content.decode()
    assert page.count(f'href="{reverse("auditlog:list")}"') == 2


def test_a_workbook_too_long_to_write_asks_to_narrow_the_filters(admin_client, trail, monkeypatch):
    monkeypatch.setattr("parindex.auditlog.views.EXPORT_LIMIT", 4)
    response = admin_client.get(reverse("auditlog:export"), {"action": ""}, follow=True)
    assert response.redirect_chain == [(reverse("auditlog:list") + "?action=", 302)]
    assert "Có hơn 4 mục; hãy lọc bớt" in response.content.decode()
    assert (
        admin_client.get(reverse("auditlog:export"), {"action": "unit.update"}).status_code == 200
    )
