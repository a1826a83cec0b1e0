"""Accounts in bulk from the Excel template: every row checked as one account is, a preview of
what would be created, then all at once with their set-password links."""

import io

import openpyxl
import pytest
from django.test import RequestFactory

from parindex.accounts import importing
from parindex.accounts.models import Role, User
from parindex.core.models import AuditEntry
from parindex.testing.factories import accounts_workbook

pytestmark = pytest.mark.django_db

HEADER = [header for _key, header, _width in importing.COLUMNS]


def test_the_template_lists_the_units_and_offers_the_roles(justice, home_affairs):
    book = openpyxl.load_workbook(io.BytesIO(importing.template_workbook()))
    assert [cell.value for cell in book[importing.SHEET][1]] == HEADER
    units = [
        (row[0].value, row[1].value) for row in book[importing.UNITS_SHEET].iter_rows(min_row=2)
    ]
    assert ("so-tu-phap", "Sở Tư pháp") in units and ("so-noi-vu", "Sở Nội vụ") in units
    roles = book[importing.SHEET].data_validations.dataValidation[0]
    assert roles.formula1 == (
        '"Cán bộ đơn vị,Lãnh đạo đơn vị,Thành viên Tổ thẩm định,Tổ trưởng Tổ thẩm định"'
    )


def test_rows_are_checked_as_the_account_form_checks_one(justice, home_affairs, officer):
    rows = importing.read_rows(
        accounts_workbook(
            (
                "so-tu-phap",
                "",
                "Lò Thị Hoa",
                "Cán bộ đơn vị",
                "hoa@dienbien.gov.vn",
                "Chuyên viên",
            ),
            ("so-noi-vu", "", "Đỗ Minh Tâm", "Thành viên Tổ thẩm định", "tam@dienbien.gov.vn"),
            ("so-khong-co", "", "Nguyễn Văn A", "Cán bộ đơn vị"),
            ("so-tu-phap", "", "Trần B", "Giám đốc"),
            (
                "so-tu-phap",
                "",
                "Lò Văn Hòa",
                "Lãnh đạo đơn vị",
                "hoa@dienbien.gov.vn",
                "",
                "",
                "x y",
            ),
        )
    )
    assert [(row.number, row.errors) for row in rows] == [
        (2, []),
        (3, []),
        (4, ["không có đơn vị mã “so-khong-co”"]),
        (
            5,
            [
                "vai trò “Giám đốc” không có; chọn một trong: Cán bộ đơn vị, Lãnh đạo đơn vị, "
                "Thành viên Tổ thẩm định, Tổ trưởng Tổ thẩm định"
            ],
        ),
        (6, list(rows[4].errors)),
    ]
    assert any("Tên đăng nhập" in error for error in rows[4].errors)
    assert "email “hoa@dienbien.gov.vn” trùng với dòng 2" in rows[4].errors
    first = rows[0].account
    assert (first.username, first.role, first.unit.name, first.job_title) == (
        "hoalt",
        Role.UNIT_OFFICER,
        "Sở Tư pháp",
        "Chuyên viên",
    )
    assert User.objects.count() == 1  # nothing created by reading


def test_user_names_are_made_from_the_name_and_numbered_when_taken(officer):
    officer.username = "hoalt"
    officer.save()
    assert importing.suggested_username("Lò Thị Hoa") == "hoalt2"
    assert importing.suggested_username("Đặng Quốc Việt") == "vietdq"


def test_all_are_created_with_their_links_or_none(justice, home_affairs, admin_user):
    request = RequestFactory().get("/")
    good = importing.read_rows(
        accounts_workbook(
            ("so-tu-phap", "", "Lò Thị Hoa", "Cán bộ đơn vị", "hoa@dienbien.gov.vn"),
            ("so-noi-vu", "", "Đỗ Minh Tâm", "Thành viên Tổ thẩm định"),
        )
    )
    created = importing.create_accounts(good, by=admin_user, request=request)
    assert [(c.account.username, c.account.unit.name) for c in created] == [
        ("tamdm", "Sở Nội vụ"),
        ("hoalt", "Sở Tư pháp"),
    ]
    assert all(c.link.startswith("http://testserver/password/set/") for c in created)
    assert not any(
        User.objects.get(username=c.account.username).has_usable_password() for c in created
    )
    assert AuditEntry.objects.filter(action="account.create").count() == 2
    # Read again, the same names are taken now: nothing is created twice.
    again = importing.checked(
        [(row.number, row.values | {"username": "hoalt"}) for row in good[:1]]
    )
    assert again[0].errors == ["Tên đăng nhập: Tên đăng nhập này đã được dùng."]
    with pytest.raises(importing.AccountsImportError, match="Còn dòng có lỗi \\(2\\)"):
        importing.create_accounts(again, by=admin_user, request=request)


def test_two_people_of_the_same_name_in_the_file_get_two_user_names(justice, home_affairs):
    rows = importing.read_rows(
        accounts_workbook(
            ("so-tu-phap", "", "Lò Thị Hoa", "Cán bộ đơn vị"),
            ("so-noi-vu", "", "Lò Thị Hoa", "Thành viên Tổ thẩm định"),
        )
    )
    assert [(row.username, row.errors) for row in rows] == [("hoalt", []), ("hoalt2", [])]


def test_a_preview_is_kept_for_an_hour(justice, monkeypatch):
    rows = importing.read_rows(accounts_workbook(("so-tu-phap", "", "Lò Thị Hoa", "Cán bộ đơn vị")))
    token = importing.kept(rows)
    assert [(row.number, row.username) for row in importing.unkept(token)] == [(2, "hoalt")]
    monkeypatch.setattr(importing, "KEPT_SECONDS", -1)
    with pytest.raises(importing.AccountsImportError, match="đã hết hạn"):
        importing.unkept(token)
