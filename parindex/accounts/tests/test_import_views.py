"""The admin's pages for accounts in bulk: the template, the upload and its preview (nothing
created), the confirmation (the rows kept, not uploaded again) and the links handed over."""

import io
import re
import smtplib

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parindex.accounts import importing, lifecycle
from parindex.accounts.models import User
from parindex.testing.factories import accounts_workbook
from parindex.testing.html import links, table

pytestmark = pytest.mark.django_db

HOA = ("so-tu-phap", "", "Lò Thị Hoa", "Cán bộ đơn vị", "hoa@dienbien.gov.vn", "Chuyên viên")
TAM = ("so-noi-vu", "", "Đỗ Minh Tâm", "Thành viên Tổ thẩm định")


def upload(content: bytes, name: str = "tai-khoan.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def preview(client, *rows):
    return client.post(reverse("account_import"), {"file": upload(accounts_workbook(*rows))})


def confirm(client, response, **extra):
    token = response.context["confirm"].initial["rows"]
    return client.post(reverse("account_import_confirm"), {"rows": token, **extra})


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("account_import", "get"),
        ("account_import", "post"),
        ("account_import_template", "get"),
        ("account_import_confirm", "post"),
    ],
)
def test_only_admins_import_accounts(client, officer, unit_head, appraiser, lead, name, method):
    address = reverse(name)
    response = getattr(client, method)(address)
    assert (response.status_code, response["Location"]) == (302, f"/login/?next={address}")
    for user in (officer, unit_head, appraiser, lead):
        client.force_login(user)
        assert getattr(client, method)(address).status_code == 403


def test_the_accounts_list_links_to_the_import(admin_client):
    page = admin_client.get(reverse("accounts")).content.decode()
    assert reverse("account_import") in links(page)
    page = admin_client.get(reverse("account_import")).content.decode()
    assert reverse("account_import_template") in links(page)


def test_the_template_offers_the_roles_in_a_list(admin_client, justice):
    response = admin_client.get(reverse("account_import_template"))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))[importing.SHEET]
    (roles,) = sheet.data_validations.dataValidation
    assert str(roles.sqref) == f"D2:D{importing.MAX_ROWS}"
    assert "Lãnh đạo đơn vị" in roles.formula1


def test_the_preview_shows_every_row_and_its_errors_and_creates_nothing(
    admin_client, justice, home_affairs
):
    response = preview(admin_client, HOA, ("so-khong-co", "", "Nguyễn Văn A", "Cán bộ đơn vị"))
    rows = table(response.content.decode(), "import-rows")
    assert rows == [
        ["Dòng", "Đơn vị", "Họ và tên", "Vai trò", "Email", "Tên đăng nhập", "Lỗi"],
        ["2", "Sở Tư pháp", "Lò Thị Hoa", "Cán bộ đơn vị", HOA[4], "hoalt", "Hợp lệ"],
        [
            "3",
            "so-khong-co",
            "Nguyễn Văn A",
            "Cán bộ đơn vị",
            "–",
            "–",
            "không có đơn vị mã “so-khong-co”",
        ],
    ]
    page = response.content.decode()
    assert "1 tài khoản sẽ được tạo · " in page and "1 dòng có lỗi" in page
    assert "Sửa các dòng có lỗi trong tệp rồi tải lên lại." in page
    assert response.context["confirm"] is None and 'id="import-confirm"' not in page
    assert User.objects.filter(username="hoalt").count() == 0


def test_a_file_that_is_not_the_template_is_refused_in_vietnamese(admin_client):
    response = admin_client.post(reverse("account_import"), {"file": upload(b"abc", "x.xlsx")})
    assert response.context["rows"] is None
    assert response.context["form"].errors["file"]
    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    response = admin_client.post(reverse("account_import"), {"file": upload(buffer.getvalue())})
    assert "thiếu cột" in response.context["form"].errors["file"][0]


def test_confirming_creates_them_all_and_hands_the_links_over_per_unit(
    admin_client, justice, home_affairs
):
    response = preview(admin_client, HOA, TAM)
    assert 'id="import-confirm"' in response.content.decode()
    created = confirm(admin_client, response)
    page = created.content.decode()
    assert sorted(User.objects.filter(username__in=["hoalt", "tamdm"]).values_list("username")) == [
        ("hoalt",),
        ("tamdm",),
    ]
    assert "no-store" in created["Cache-Control"]
    # One sheet per unit, in Vietnamese order, each link with its copy button.
    sheets = re.findall(r"Phiếu bàn giao tài khoản – ([^<]+)</h2>", page)
    assert sheets == ["Sở Nội vụ", "Sở Tư pháp"]
    hoa = User.objects.get(username="hoalt")
    link = next(item.link for item in created.context["created"] if item.account == hoa)
    assert link.startswith("http://testserver/password/set/")
    assert f'value="{link}"' in page and f'data-copy="link-{hoa.pk}"' in page
    assert "js/copy-links.js" in page
    assert mail.outbox == []  # no mail server configured


def test_links_are_emailed_to_those_with_an_address_when_asked(
    admin_client, justice, home_affairs, settings
):
    settings.EMAIL_CONFIGURED = True
    response = preview(admin_client, HOA, TAM)
    assert "Gửi liên kết đặt mật khẩu qua email" in response.content.decode()
    page = confirm(admin_client, response, send_email="on").content.decode()
    assert [message.to for message in mail.outbox] == [["hoa@dienbien.gov.vn"]]
    assert "/password/set/" in mail.outbox[0].body
    assert "Đã gửi tới hoa@dienbien.gov.vn" in page


def test_links_are_not_emailed_when_the_admin_unticks_it(
    admin_client, justice, home_affairs, settings
):
    settings.EMAIL_CONFIGURED = True
    confirm(admin_client, preview(admin_client, HOA))
    assert mail.outbox == []
    assert User.objects.filter(username="hoalt").exists()


def test_a_confirmation_sent_twice_creates_nobody_twice(admin_client, justice, home_affairs):
    response = preview(admin_client, HOA, TAM)
    confirm(admin_client, response)
    again = confirm(admin_client, response)
    assert User.objects.filter(full_name="Lò Thị Hoa").count() == 1
    page = again.content.decode()
    assert "Còn dòng có lỗi (2, 3)" in page
    assert "Tên đăng nhập này đã được dùng." in page


def test_an_altered_preview_is_refused(admin_client, justice):
    response = preview(admin_client, HOA)
    token = response.context["confirm"].initial["rows"]
    refused = admin_client.post(
        reverse("account_import_confirm"), {"rows": token[:-2] + "xx"}, follow=True
    )
    assert "Bản xem trước đã hết hạn hoặc không hợp lệ" in refused.content.decode()
    assert not User.objects.filter(username="hoalt").exists()


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_preview_reads_a_constant_number_of_queries(
    admin_client, justice, home_affairs, officer, item_count, django_assert_num_queries
):
    rows = [
        ("so-tu-phap", "", f"Lò Thị Hoa {number}", "Cán bộ đơn vị", f"h{number}@dienbien.vn")
        for number in range(item_count)
    ]
    content = accounts_workbook(*rows)
    # Session and user; the units and the user names taken, once for the file.
    with django_assert_num_queries(4):
        response = admin_client.post(reverse("account_import"), {"file": upload(content)})
    assert response.context["ready"] == item_count


def test_a_failing_mail_server_undoes_nothing_and_the_links_are_shown(
    admin_client, justice, home_affairs, settings, monkeypatch
):
    def refused(*args, **kwargs):
        raise smtplib.SMTPException("421 try later")

    settings.EMAIL_CONFIGURED = True
    monkeypatch.setattr(lifecycle, "send_mail", refused)
    response = confirm(admin_client, preview(admin_client, HOA), send_email="on")
    hoa = User.objects.get(username="hoalt")
    assert f'id="link-{hoa.pk}"' in response.text
    assert "Đã gửi tới" not in response.text
