"""/backoffice/ (Django's admin) only shows the domain models: a change there would bypass the
freeze of a set in use and the audit trail, so every add, change and delete is refused."""

import pytest
from django.urls import reverse

from parindex.accounts.models import Role, User
from parindex.catalog.models import CriteriaSet, Unit
from parindex.core.models import AuditEntry
from parindex.testing.factories import build_set, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(make_user("sieu.quantri", Role.ADMIN, is_staff=True, is_superuser=True))
    return client


def test_a_set_in_use_cannot_be_renamed_in_the_backoffice(
    superuser_client, department_level, admin_user
):
    criteria_set = build_set(department_level, by=admin_user)
    title = criteria_set.title
    url = reverse("admin:catalog_criteriaset_change", args=[criteria_set.pk])
    assert superuser_client.get(url).status_code == 200  # shown, read-only
    response = superuser_client.post(url, {"title": "Bộ đã đổi tên", "year": 2026})
    assert response.status_code == 403
    assert CriteriaSet.objects.get(pk=criteria_set.pk).title == title
    delete = reverse("admin:catalog_criteriaset_delete", args=[criteria_set.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert CriteriaSet.objects.filter(pk=criteria_set.pk).exists()


@pytest.mark.parametrize(
    "model", ["catalog_unit", "catalog_unitlevel", "catalog_field", "accounts_user"]
)
def test_nothing_can_be_added_in_the_backoffice(superuser_client, model):
    assert superuser_client.post(reverse(f"admin:{model}_add"), {}).status_code == 403


def test_accounts_and_units_cannot_be_changed_in_the_backoffice(superuser_client, justice, officer):
    unit_url = reverse("admin:catalog_unit_change", args=[justice.pk])
    assert superuser_client.post(unit_url, {"name": "Sở khác"}).status_code == 403
    user_url = reverse("admin:accounts_user_change", args=[officer.pk])
    assert superuser_client.post(user_url, {"role": Role.ADMIN}).status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[officer.pk])
    response = superuser_client.post(
        password_url, {"password1": "Hoa-ban-nở-72x", "password2": "Hoa-ban-nở-72x"}
    )
    assert response.status_code == 403
    assert Unit.objects.get(pk=justice.pk).name == "Sở Tư pháp"
    assert User.objects.get(pk=officer.pk).role == Role.UNIT_OFFICER
    assert not AuditEntry.objects.exists()


def test_the_second_factors_devices_are_not_in_the_backoffice(superuser_client):
    assert superuser_client.get("/backoffice/otp_totp/totpdevice/").status_code == 404
    assert superuser_client.get("/backoffice/otp_static/staticdevice/").status_code == 404
