"""The demo's audit trail as the admin reads it: the round's changes, newest first, with the
admin's reopening of Sở Tư pháp, its reason and a link to the scorecard."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from parindex.accounts.models import User
from parindex.catalog.models import Unit
from parindex.core.models import AuditEntry
from parindex.demo.accounts import STP

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_the_admin_reads_the_demo_round_in_the_audit_log(loaded, django_assert_max_num_queries):
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("auditlog:list")).content.decode()
    assert len(re.findall(r"data-entry=", page)) == 50
    assert f"{AuditEntry.objects.count()} mục" in page

    justice = Unit.objects.get(code=STP)
    reopened = client.get(
        reverse("auditlog:list"), {"unit": justice.pk, "action": "self_assessment.reopen"}
    ).content.decode()
    assert "Mở lại tự đánh giá" in reopened and "gia hạn do thay đổi công chức" in reopened
    assessment = AuditEntry.objects.get(
        action="self_assessment.reopen", target_label__contains="Tư pháp"
    )
    assert f'href="{reverse("assessments:scorecard", args=[assessment.target_id])}"' in reopened

    export = client.get(reverse("auditlog:export"), {"unit": justice.pk})
    assert export.status_code == 200 and len(export.content) > 5000
