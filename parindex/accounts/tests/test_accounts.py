import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from parindex.accounts.models import Role, User
from parindex.catalog.models import Unit
from parindex.core.models import AuditEntry
from parindex.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_pages_require_login_and_say_so_in_vietnamese(client):
    response = client.get(reverse("accounts"))
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/accounts/"
    page = client.get(response["Location"]).content.decode()
    assert '<h1 class="h4 mb-3">Đăng nhập</h1>' in page
    assert 'lang="vi"' in page


def test_login_with_wrong_password_keeps_username_and_explains(client, officer):
    response = client.post(reverse("login"), {"username": "stp.canbo", "password": "sai"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="stp.canbo"' in page
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page


def test_login_then_home_shows_name_role_and_unit(client, officer):
    response = client.post(
        reverse("login"), {"username": "stp.canbo", "password": "x-Secret-123"}, follow=True
    )
    page = response.content.decode()
    assert "Xin chào, Lò Thị Hoa" in page
    assert "Cán bộ đơn vị · Sở Tư pháp" in page


def test_english_is_available(officer_client):
    officer_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = officer_client.get(reverse("home")).content.decode()
    assert 'lang="en"' in page
    assert "Hello, Lò Thị Hoa" in page


@pytest.mark.parametrize("name", ["accounts", "catalog:units", "catalog:criteria_sets"])
def test_unit_officer_is_refused_admin_pages(officer_client, name):
    response = officer_client.get(reverse(name))
    assert response.status_code == 403


def test_appraiser_is_refused_account_creation(client, appraiser):
    client.force_login(appraiser)
    response = client.post(
        reverse("account_create", kwargs={"kind": "system"}),
        {"username": "hacker", "full_name": "X", "role": "admin"},
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="hacker").exists()


def test_admin_lists_accounts_by_kind(admin_client, officer, unit_head, appraiser):
    unit_page = admin_client.get(reverse("accounts_of_kind", kwargs={"kind": "unit"}))
    appraisal_page = admin_client.get(reverse("accounts_of_kind", kwargs={"kind": "appraisal"}))
    assert [a.username for a in unit_page.context["page"]] == ["stp.canbo", "stp.lanhdao"]
    assert [a.username for a in appraisal_page.context["page"]] == ["snv.thamdinh"]


def test_the_list_shows_each_position_under_the_name(admin_client, officer, unit_head):
    unit_head.job_title = "Phó Giám đốc"
    unit_head.save()
    page = admin_client.get(reverse("accounts_of_kind", kwargs={"kind": "unit"})).content.decode()
    assert (
        '<td>Quàng Văn Bình<div class="small text-body-secondary">Phó Giám đốc</div></td>' in page
    )
    assert "<td>Lò Thị Hoa</td>" in page


def test_unit_accounts_are_listed_by_unit_in_vietnamese_alphabetical_order(
    admin_client, department_level, justice, officer, other_unit_officer
):
    broadcaster = Unit.objects.create(
        code="dai-ptth", name="Đài Phát thanh và Truyền hình tỉnh", level=department_level
    )
    make_user("dai.canbo", Role.UNIT_OFFICER, broadcaster)
    make_user("a.canbo", Role.UNIT_OFFICER, justice)
    response = admin_client.get(reverse("accounts_of_kind", kwargs={"kind": "unit"}))
    # Đài, Phường Điện Biên Phủ, Sở Tư pháp: in code-point order "Đ" comes after "S".
    assert [a.username for a in response.context["page"]] == [
        "dai.canbo",
        "dbp.canbo",
        "a.canbo",
        "stp.canbo",
    ]


def test_account_search_ignores_diacritics(admin_client, officer, unit_head):
    response = admin_client.get(
        reverse("accounts_of_kind", kwargs={"kind": "unit"}), {"q": "lo thi"}
    )
    assert [a.username for a in response.context["page"]] == ["stp.canbo"]


def test_unknown_account_kind_is_404(admin_client):
    assert admin_client.get("/accounts/nonsense/").status_code == 404


def _create(admin_client, justice, **overrides):
    data = {
        "username": "STP.Moi",
        "full_name": "Vì Văn Mới",
        "email": "moi@example.vn",
        "job_title": "Chuyên viên",
        "phone": "",
        "role": Role.UNIT_OFFICER,
        "unit": justice.pk,
    } | overrides
    return admin_client.post(reverse("account_create", kwargs={"kind": "unit"}), data)


def test_admin_creates_unit_account_and_gets_a_one_time_link(admin_client, admin_user, justice):
    response = _create(admin_client, justice)
    user = User.objects.get(username="stp.moi")
    assert (user.full_name, user.role, user.unit, user.has_usable_password()) == (
        "Vì Văn Mới",
        Role.UNIT_OFFICER,
        justice,
        False,
    )
    link = response.context["link"]
    assert re.fullmatch(r"http://testserver/password/set/[^/]+/[^/]+/", link)
    assert link in response.content.decode()
    entry = AuditEntry.objects.get(action="account.create")
    assert (entry.actor, entry.target_id, entry.new["role"]) == (
        admin_user,
        str(user.pk),
        "unit_officer",
    )
    assert mail.outbox == []


def test_set_password_link_works_once(admin_client, client, justice):
    link = _create(admin_client, justice).context["link"]
    path = link.removeprefix("http://testserver")
    form_page = client.get(path, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "Ban-mai-Mường-Phăng", "new_password2": "Ban-mai-Mường-Phăng"}
    )
    assert response.status_code == 302
    assert User.objects.get(username="stp.moi").check_password("Ban-mai-Mường-Phăng")
    reused = client.get(path, follow=True).content.decode()
    assert "Liên kết không hợp lệ hoặc đã được sử dụng" in reused


def test_invalid_account_form_keeps_input_and_explains(admin_client, justice, officer):
    response = _create(admin_client, justice, username="stp.canbo", unit="")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập này đã được dùng." in page
    assert 'value="Vì Văn Mới"' in page
    assert User.objects.filter(full_name="Vì Văn Mới").count() == 0


def test_system_account_never_has_a_unit(admin_client):
    admin_client.post(
        reverse("account_create", kwargs={"kind": "system"}),
        {"username": "quantri2", "full_name": "Trần Hệ Thống", "role": "admin", "email": ""},
    )
    user = User.objects.get(username="quantri2")
    assert (user.role, user.unit) == (Role.ADMIN, None)


def test_edit_records_old_and_new(admin_client, admin_user, officer, justice):
    response = admin_client.post(
        reverse("account_edit", kwargs={"pk": officer.pk}),
        {
            "username": "stp.canbo",
            "full_name": "Lò Thị Hoa",
            "email": "hoa@example.vn",
            "job_title": "Phó Chánh Văn phòng",
            "phone": "",
            "role": Role.UNIT_HEAD,
            "unit": justice.pk,
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="account.update")
    assert entry.old == {"email": "", "role": "unit_officer", "job_title": ""}
    assert entry.new == {
        "email": "hoa@example.vn",
        "role": "unit_head",
        "job_title": "Phó Chánh Văn phòng",
    }


def test_deactivate_needs_a_reason_then_blocks_login(admin_client, officer):
    url = reverse("account_deactivate", kwargs={"pk": officer.pk})
    admin_client.post(url, {"reason": ""})
    officer.refresh_from_db()
    assert officer.is_active is True
    admin_client.post(url, {"reason": "Chuyển công tác"})
    officer.refresh_from_db()
    assert officer.is_active is False
    assert AuditEntry.objects.get(action="account.deactivate").reason == "Chuyển công tác"
    assert User.objects.filter(pk=officer.pk).exists()
    client = Client()
    response = client.post(reverse("login"), {"username": "stp.canbo", "password": "x-Secret-123"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_admin_cannot_deactivate_themself(admin_client, admin_user):
    admin_client.post(reverse("account_deactivate", kwargs={"pk": admin_user.pk}), {"reason": "x"})
    admin_user.refresh_from_db()
    assert admin_user.is_active is True


def test_reset_invalidates_the_password(admin_client, officer):
    response = admin_client.post(reverse("account_reset", kwargs={"pk": officer.pk}))
    officer.refresh_from_db()
    assert officer.has_usable_password() is False
    assert "/password/set/" in response.context["link"]
    assert (
        AuditEntry.objects.filter(
            action="account.reset_password", target_id=str(officer.pk)
        ).count()
        == 1
    )


def test_reset_link_is_emailed_when_mail_is_configured(admin_client, officer, settings):
    settings.EMAIL_CONFIGURED = True
    officer.email = "hoa@example.vn"
    officer.save()
    admin_client.post(reverse("account_reset", kwargs={"pk": officer.pk}))
    assert [m.to for m in mail.outbox] == [["hoa@example.vn"]]
    assert "/password/set/" in mail.outbox[0].body


def test_superusers_are_hidden_from_the_account_pages(admin_client):
    root = User.objects.create_superuser("root", "root@example.vn", "pw", full_name="Root")
    assert admin_client.get(reverse("account_detail", kwargs={"pk": root.pk})).status_code == 404


def test_password_change(officer_client, officer):
    response = officer_client.post(
        reverse("password_change"),
        {
            "old_password": "x-Secret-123",
            "new_password1": "Muong-Thanh-2026",
            "new_password2": "Muong-Thanh-2026",
        },
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Muong-Thanh-2026")


@pytest.mark.parametrize("item_count", [1, 3])
def test_account_list_query_count_does_not_grow(
    admin_client, justice, item_count, django_assert_num_queries
):
    names = [f"stp.canbo{i}" for i in range(item_count)]
    for name in names:
        make_user(name, Role.UNIT_OFFICER, justice)

    with django_assert_num_queries(3):
        response = admin_client.get(reverse("accounts_of_kind", kwargs={"kind": "unit"}))

    assert re.findall(r'<a href="/account/\d+/">([^<]+)</a>', response.content.decode()) == names


def test_a_password_of_the_older_hasher_becomes_argon2_at_the_next_login(settings, rf, officer):
    # Django's recommended hasher; accounts created before it keep working and are upgraded.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    from django.contrib.auth import authenticate
    from django.contrib.auth.hashers import make_password

    officer.password = make_password("mật-khẩu-cũ-2024", hasher="pbkdf2_sha256")
    officer.save(update_fields=["password"])
    request = rf.post("/login/")
    assert authenticate(request, username=officer.username, password="mật-khẩu-cũ-2024") == officer
    officer.refresh_from_db()
    assert officer.password.startswith("argon2$")
