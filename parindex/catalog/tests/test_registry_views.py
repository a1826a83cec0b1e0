import re
import unicodedata

import pytest
from django.urls import reverse

from parindex.accounts.forms import AccountForm
from parindex.accounts.models import AccountKind
from parindex.catalog.forms import UnitForm
from parindex.catalog.models import Field, Unit, UnitLevel
from parindex.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_level_create_and_edit_are_audited(admin_client, admin_user):
    admin_client.post(
        reverse("catalog:level_create"),
        {
            "code": "ward",
            "name": "UBND phường",
            "ranking_group": "Khối phường",
            "order": 4,
            "is_active": "on",
        },
    )
    level = UnitLevel.objects.get(code="ward")
    assert (level.name, level.ranking_block, level.order) == ("UBND phường", "Khối phường", 4)
    admin_client.post(
        reverse("catalog:level_edit", kwargs={"pk": level.pk}),
        {
            "code": "ward",
            "name": "UBND các phường",
            "ranking_group": "",
            "order": 4,
            "is_active": "on",
        },
    )
    entry = AuditEntry.objects.get(action="unitlevel.update")
    assert (entry.actor, entry.old, entry.new) == (
        admin_user,
        {"name": "UBND phường", "ranking_group": "Khối phường"},
        {"name": "UBND các phường", "ranking_group": ""},
    )
    page = admin_client.get(reverse("catalog:levels")).content.decode()
    assert "UBND các phường" in page


def test_field_code_is_upper_case_and_unique(admin_client):
    admin_client.post(
        reverse("catalog:field_create"), {"code": "tthc", "name": "Cải cách TTHC", "order": 3}
    )
    assert Field.objects.get().code == "TTHC"
    response = admin_client.post(
        reverse("catalog:field_create"), {"code": "TTHC", "name": "Trùng", "order": 4}
    )
    assert "Mã này đã được dùng cho một lĩnh vực khác." in response.content.decode()
    assert Field.objects.count() == 1


def test_unit_search_without_diacritics(admin_client, ward, justice):
    response = admin_client.get(reverse("catalog:units"), {"q": "dien bien"})
    assert [u.name for u in response.context["page"]] == ["Phường Điện Biên Phủ"]


def test_unit_filters_by_level_and_year(admin_client, department_level, ward, justice):
    Unit.objects.create(
        code="so-ttt",
        name="Sở Thông tin và Truyền thông",
        level=department_level,
        active_to_year=2024,
    )
    by_level = admin_client.get(reverse("catalog:units"), {"level": "department"})
    assert [u.name for u in by_level.context["page"]] == [
        "Sở Thông tin và Truyền thông",
        "Sở Tư pháp",
    ]
    in_2025 = admin_client.get(reverse("catalog:units"), {"level": "department", "year": "2025"})
    assert [u.name for u in in_2025.context["page"]] == ["Sở Tư pháp"]


def test_units_are_listed_by_level_in_vietnamese_alphabetical_order(
    admin_client, department_level, commune_level, ward, justice
):
    for code, name, level in (
        ("xa-ban-phu", "Xã Bản Phủ", commune_level),
        ("xa-ang-nua", "Xã Ảng Nưa", commune_level),
        ("xa-ang-cang", "Xã Ẳng Cang", commune_level),
        ("so-y-te", "Sở Y tế", department_level),
        ("dai-ptth", "Đài Phát thanh và Truyền hình tỉnh", department_level),
    ):
        Unit.objects.create(code=code, name=name, level=level)
    response = admin_client.get(reverse("catalog:units"))
    # In code-point order "Đ" comes after "S" and "Ả", "Ẳ" after "B".
    assert [u.name for u in response.context["page"]] == [
        "Đài Phát thanh và Truyền hình tỉnh",
        "Sở Tư pháp",
        "Sở Y tế",
        "Phường Điện Biên Phủ",
        "Xã Ảng Nưa",
        "Xã Ẳng Cang",
        "Xã Bản Phủ",
    ]
    communes = admin_client.get(reverse("catalog:units"), {"level": "commune", "q": "xa"})
    assert [u.name for u in communes.context["page"]] == ["Xã Ảng Nưa", "Xã Ẳng Cang", "Xã Bản Phủ"]

    # The unit form and the account form offer units in the same order.
    expected = [u.name for u in response.context["page"]]
    for form in (UnitForm(), AccountForm(kind=AccountKind.UNIT)):
        field = "parent" if isinstance(form, UnitForm) else "unit"
        assert [label for value, label in form.fields[field].widget.choices if value] == expected
    assert [label for _v, label in UnitForm().fields["predecessors"].widget.choices] == expected


def test_the_unit_list_pages_in_that_order(admin_client, department_level):
    for i in range(51):
        Unit.objects.create(code=f"xa-{i}", name=f"Xã {i:02}", level=department_level)
    Unit.objects.create(code="dai-ptth", name="Đài Phát thanh", level=department_level)
    first = admin_client.get(reverse("catalog:units"), {"level": department_level.code})
    assert [u.name for u in first.context["page"]][:2] == ["Đài Phát thanh", "Xã 00"]
    assert f'href="?level={department_level.code}&amp;page=2"' in first.content.decode()
    last = admin_client.get(reverse("catalog:units"), {"page": 2})
    assert [u.name for u in last.context["page"]] == ["Xã 49", "Xã 50"]
    assert "Trang 2/2" in last.content.decode()
    assert 'href="?page=1"' in last.content.decode()


def test_unit_create_with_predecessors(admin_client, department_level, admin_user):
    old_a = Unit.objects.create(
        code="so-khcn", name="Sở Khoa học và Công nghệ", level=department_level
    )
    old_b = Unit.objects.create(
        code="so-tttt", name="Sở Thông tin và Truyền thông", level=department_level
    )
    response = admin_client.post(
        reverse("catalog:unit_create"),
        {
            "name": "Sở Khoa học và Công nghệ (mới)",
            "short_name": "Sở KH&CN",
            "code": "so-khcn-2025",
            "level": department_level.pk,
            "kind": "so",
            "active_from_year": 2025,
            "predecessors": [old_a.pk, old_b.pk],
            "lineage_note": "Hợp nhất từ 01/3/2025",
        },
    )
    unit = Unit.objects.get(code="so-khcn-2025")
    assert response["Location"] == reverse("catalog:unit_detail", kwargs={"pk": unit.pk})
    assert set(unit.predecessors.all()) == {old_a, old_b}
    assert list(old_b.successors.all()) == [unit]
    assert AuditEntry.objects.get(action="unit.create").new["predecessors"] == sorted(
        [old_a.pk, old_b.pk]
    )
    detail = admin_client.get(response["Location"]).content.decode()
    assert "Sở Thông tin và Truyền thông</a>" in detail


def test_unit_years_out_of_order_keep_the_input(admin_client, department_level):
    response = admin_client.post(
        reverse("catalog:unit_create"),
        {
            "name": "Sở Ngoại vụ",
            "code": "so-ngoai-vu",
            "level": department_level.pk,
            "kind": "so",
            "active_from_year": 2025,
            "active_to_year": 2020,
        },
    )
    page = response.content.decode()
    assert "Năm kết thúc không được nhỏ hơn năm bắt đầu." in page
    assert 'value="Sở Ngoại vụ"' in page
    assert not Unit.objects.filter(code="so-ngoai-vu").exists()


def test_unit_name_typed_decomposed_is_stored_nfc(admin_client, department_level):
    admin_client.post(
        reverse("catalog:unit_create"),
        {
            "name": unicodedata.normalize("NFD", "Sở Y tế"),
            "code": "so-y-te",
            "level": department_level.pk,
            "kind": "so",
        },
    )
    assert Unit.objects.get(code="so-y-te").name == unicodedata.normalize("NFC", "Sở Y tế")


@pytest.mark.parametrize("item_count", [1, 3])
def test_unit_list_query_count_does_not_grow(
    admin_client, department_level, item_count, django_assert_num_queries
):
    merged = Unit.objects.create(code="u0", name="Đơn vị 0", level=department_level)
    for i in range(1, item_count + 1):
        unit = Unit.objects.create(code=f"u{i}", name=f"Đơn vị {i}", level=department_level)
        unit.predecessors.add(merged)

    with django_assert_num_queries(5):
        response = admin_client.get(reverse("catalog:units"))

    html = response.content.decode()
    assert re.findall(r"<td><code>([^<]+)</code></td>", html) == [
        f"u{i}" for i in range(item_count + 1)
    ]
    cells = [
        " ".join(cell.split()) for cell in re.findall(r"<td class=\"small\">(.*?)</td>", html, re.S)
    ]
    assert cells.count("Đơn vị 0") == item_count  # the predecessor


@pytest.mark.parametrize(
    "name",
    [
        "catalog:levels",
        "catalog:fields",
        "catalog:units",
        "catalog:unit_create",
        "catalog:level_create",
    ],
)
def test_registry_pages_refuse_non_admins(client, officer, appraiser, name):
    for user in (officer, appraiser):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 403
    client.logout()
    assert client.get(reverse(name)).status_code == 302
