"""Copying a set to another year through its pages: every text naming the year, before and after,
each to change or not; the review before the copy is put in use; only admins."""

import pytest
from django.urls import reverse

from parindex.catalog.models import CriteriaSet
from parindex.core.models import AuditEntry
from parindex.testing.factories import LEAVES, draft_set
from parindex.testing.html import table

pytestmark = pytest.mark.django_db

PLAN_GUIDANCE = "Kế hoạch CCHC năm 2025 (KH 12/KH-UBND ngày 30/12/2024), đúng hạn trước 31/01."


@pytest.fixture
def set_2025(department_level, admin_user):
    leaves = [LEAVES[0] | {"guidance": PLAN_GUIDANCE}, *LEAVES[1:]]
    return draft_set(department_level, 2025, leaves=leaves, by=admin_user)


def clone_url(criteria_set) -> str:
    return reverse("catalog:criteria_set_clone", kwargs={"pk": criteria_set.pk})


def in_use_url(criteria_set) -> str:
    return reverse("catalog:criteria_set_in_use", kwargs={"pk": criteria_set.pk})


def test_the_copy_shows_every_change_of_year_before_it_is_made(admin_client, set_2025):
    page = admin_client.get(clone_url(set_2025), {"year": 2026})

    assert page.status_code == 200 and not CriteriaSet.objects.filter(year=2026).exists()
    assert table(page.text, "year-changes")[1:] == [
        [
            "",
            "Bộ tiêu chí · Tên",
            "Bộ tiêu chí thử nghiệm department 2025",
            "Bộ tiêu chí thử nghiệm department 2026",
        ],
        [
            "",
            "1.1 · Hướng dẫn chấm",
            PLAN_GUIDANCE,
            PLAN_GUIDANCE.replace("năm 2025", "năm 2026"),
        ],
    ]
    # The years are highlighted; the date of the document is not a year to change.
    assert "năm <mark>2025</mark> (KH 12/KH-UBND ngày 30/12/2024)" in page.text
    assert page.text.count('name="text"') == 2 and page.text.count("checked") == 2


def test_only_the_ticked_texts_change(admin_client, set_2025, admin_user):
    response = admin_client.post(clone_url(set_2025), {"year": 2026, "text": ["1.1|guidance"]})

    copy = CriteriaSet.objects.get(year=2026)
    assert response.url == copy.get_absolute_url()
    assert copy.title == "Bộ tiêu chí thử nghiệm department 2025"  # kept, as asked
    assert copy.nodes.get(code="1.1").guidance == PLAN_GUIDANCE.replace("năm 2025", "năm 2026")
    entry = AuditEntry.objects.get(action="criteria_set.clone")
    assert (entry.actor, entry.new["texts"]) == (
        admin_user,
        [
            {
                "text": "1.1|guidance",
                "old": PLAN_GUIDANCE,
                "new": PLAN_GUIDANCE.replace("năm 2025", "năm 2026"),
            }
        ],
    )


def test_the_copy_still_naming_last_year_is_reviewed_before_it_is_put_in_use(
    admin_client, set_2025, admin_user
):
    admin_client.post(clone_url(set_2025), {"year": 2026, "text": ["1.1|guidance"]})
    copy = CriteriaSet.objects.get(year=2026)
    detail = admin_client.get(copy.get_absolute_url()).text
    assert "1 đoạn văn còn ghi năm khác năm 2026: kiểm tra trước khi áp dụng." in detail
    assert f'href="{in_use_url(copy)}"' in detail

    review = admin_client.get(in_use_url(copy))

    copy.refresh_from_db()
    assert copy.status == CriteriaSet.Status.DRAFT  # looking changes nothing
    text = " ".join(review.text.split())
    assert "1 đoạn văn còn ghi năm khác năm 2026: kiểm tra xem có phải sót khi sao chép" in text
    assert "<strong>Bộ tiêu chí</strong> · Tên: Bộ tiêu chí thử nghiệm department <mark>" in text
    assert "Xác nhận chuyển sang đang áp dụng</button>" in text

    admin_client.post(in_use_url(copy))

    copy.refresh_from_db()
    assert copy.status == CriteriaSet.Status.IN_USE
    entry = AuditEntry.objects.get(action="criteria_set.in_use", target_id=str(copy.pk))
    assert entry.new == {"status": "in_use", "other_years": ["|title"]}
    assert "còn ghi năm khác" not in admin_client.get(copy.get_absolute_url()).text
    # In use already: the review leads back to the set.
    assert admin_client.get(in_use_url(copy))["Location"] == copy.get_absolute_url()


def test_copying_to_the_same_year_changes_no_text_and_makes_a_new_version(admin_client, set_2025):
    page = " ".join(admin_client.get(clone_url(set_2025), {"year": 2025}).text.split())
    assert "Không có đoạn văn nào ghi năm 2025: bộ mới giống hệt bộ này." in page
    assert (
        "Năm 2025 đã có 1 bộ tiêu chí cấp Sở, ban, ngành; bản sao là một phiên bản mới: "
        f'<a href="{set_2025.get_absolute_url()}">Bộ tiêu chí thử nghiệm department 2025 (v1)</a>.'
    ) in page


def test_a_bad_year_goes_back_to_the_set(admin_client, set_2025):
    response = admin_client.get(clone_url(set_2025), {"year": "20x6"}, follow=True)
    assert response.redirect_chain == [(set_2025.get_absolute_url(), 302)]
    assert "Năm không hợp lệ." in response.text


def test_only_admins_copy_or_put_in_use(client, officer, appraiser, set_2025):
    for user in (officer, appraiser):
        client.force_login(user)
        assert client.get(clone_url(set_2025), {"year": 2026}).status_code == 403
        assert client.post(clone_url(set_2025), {"year": 2026}).status_code == 403
        assert client.get(in_use_url(set_2025)).status_code == 403
        assert client.post(in_use_url(set_2025)).status_code == 403
    set_2025.refresh_from_db()
    assert set_2025.status == CriteriaSet.Status.DRAFT
    assert CriteriaSet.objects.count() == 1
