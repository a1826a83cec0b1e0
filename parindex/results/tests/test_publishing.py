from datetime import date
from decimal import Decimal

import pytest

from parindex.appraisal import workflow
from parindex.assessments.models import UnitAssessment
from parindex.catalog.models import Unit
from parindex.core.models import AuditEntry
from parindex.results import publishing
from parindex.results.models import Publication, PublishedResult
from parindex.results.reports import Decision
from parindex.testing.factories import appraise_all, criterion, make_appraisal_period

pytestmark = pytest.mark.django_db


def test_the_preview_ranks_and_classifies_with_the_engine(finalized):
    (block,) = publishing.compute(finalized[0].period)
    names = [row.unit.name for row in block.rows]
    assert names == ["Sở Tài chính", "Sở Tư pháp"]
    finance, justice = block.rows
    # Sở Tư pháp: 0,5 + 1 + 0,75 + 1 (2.1: two late files) = 3,25 of 8 (no survey imported: 0/2).
    assert justice.final_result.total == Decimal("3.25") and justice.final_result.max == 8
    assert justice.index == Decimal("40.625")
    assert (finance.rank, justice.rank) == (1, 2)
    # 6/8 and 3,25/8 without survey points: both under the set's 90 % for "Tốt".
    assert finance.classification == justice.classification == "Yếu"
    assert justice.self_result.total == Decimal("3.5")
    nodes = {node["code"]: node for node in justice.nodes()}
    assert nodes["1.1"] == {
        "code": "1.1",
        "title": "Ban hành Kế hoạch CCHC năm",
        "depth": 1,
        "leaf": True,
        "method": "self",
        "kind": "levels",
        "max": "1",
        "self": "1",
        "round1": "0.5",
        "final": "0.5",
        "index": "50",
        "comment": "Chậm 20 ngày",
    }


def test_published_numbers_equal_the_engine_and_stay_frozen(finalized, admin_user):
    justice = finalized[0]
    publication = publishing.publish(justice.period, by=admin_user)
    assert (publication.year, publication.version) == (2026, 1)
    published = PublishedResult.objects.get(publication=publication, unit=justice.unit)
    (block,) = publishing.compute(justice.period)
    row = next(row for row in block.rows if row.assessment == justice)
    assert published.total == row.final_result.total
    assert published.index == Decimal("40.63")  # 40,625 rounded half up
    assert (published.rank, published.classification) == (2, "Yếu")
    assert published.self_total == Decimal("3.5") and published.survey_points == 0
    assert publication.levels.get().units_ranked == 2

    # A later correction changes the preview, never the published snapshot.
    workflow.reopen_appraisal(justice, by=admin_user, reason="Đính chính 1.1")
    appraising_row = justice.appraised_entries.get(criterion=criterion(justice, "1.1"))
    appraising_row.level = "Ban hành đúng thời hạn"
    appraising_row.save()
    published.refresh_from_db()
    assert published.total == row.final_result.total
    assert AuditEntry.objects.filter(action="results.publish").count() == 1


def test_publishing_needs_every_unit_finalized_and_a_reason_to_publish_again(
    finalized, admin_user, lead
):
    justice = finalized[0]
    workflow.reopen_appraisal(justice, by=lead, reason="Xem lại")
    with pytest.raises(publishing.PublishError, match="chưa hoàn tất"):
        publishing.publish(justice.period, by=admin_user)
    workflow.finalize(justice, by=lead, without_survey=True)
    publishing.publish(justice.period, by=admin_user)
    with pytest.raises(publishing.PublishError, match="lý do"):
        publishing.publish(justice.period, by=admin_user)
    second = publishing.publish(justice.period, by=admin_user, reason="Đính chính tên đơn vị")
    assert second.version == 2 and Publication.objects.count() == 2
    assert PublishedResult.objects.filter(publication__version=1).count() == 2


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_preview_reads_a_constant_number_of_queries(
    finalized,
    appraisal_period,
    appraisal_set,
    department_level,
    appraiser,
    office_appraiser,
    item_count,
    django_assert_num_queries,
):
    """The two finalized departments and `item_count` more, appraised."""
    extra = [f"Sở thử {i}" for i in range(item_count)]
    for i, name in enumerate(extra):
        unit = Unit.objects.create(code=f"so-{i}", name=name, level=department_level)
        assessment = UnitAssessment.objects.create(
            period=appraisal_period, unit=unit, criteria_set=appraisal_set
        )
        appraise_all(assessment, appraiser, office_appraiser)

    with django_assert_num_queries(8):
        (block,) = publishing.compute(appraisal_period)

    names = sorted(row.unit.name for row in block.rows)
    assert names == sorted(["Sở Tài chính", "Sở Tư pháp", *extra])


def test_an_empty_period_is_not_published(admin_user, department_level):
    with pytest.raises(publishing.PublishError, match="chưa có đơn vị"):
        publishing.publish(make_appraisal_period([]), by=admin_user)


def test_the_approving_decision_is_recorded_and_audited(finalized, admin_user):
    decision = Decision(
        number=" 125/QĐ-UBND ",
        day=date(2026, 3, 5),
        signer="Lò  Văn Phương",
        signer_position="Chủ tịch UBND tỉnh",
    )
    publication = publishing.publish(finalized[0].period, by=admin_user, decision=decision)
    publication.refresh_from_db()
    assert Decision.of(publication) == Decision(
        number="125/QĐ-UBND",
        day=date(2026, 3, 5),
        by="Chủ tịch UBND tỉnh Điện Biên",  # the settings' default
        signer="Lò Văn Phương",
        signer_position="Chủ tịch UBND tỉnh",
    )
    entry = AuditEntry.objects.get(action="results.publish")
    assert entry.new == {
        "year": 2026,
        "version": 1,
        "units": 2,
        "decision_number": "125/QĐ-UBND",
        "decision_date": "2026-03-05",
        "decision_by": "Chủ tịch UBND tỉnh Điện Biên",
        "decision_signer": "Lò Văn Phương",
        "decision_signer_position": "Chủ tịch UBND tỉnh",
    }


def test_a_publication_may_wait_for_its_decision(finalized, admin_user):
    publication = publishing.publish(finalized[0].period, by=admin_user)
    assert Decision.of(publication) == Decision()
    assert AuditEntry.objects.get(action="results.publish").new["decision_number"] == ""


@pytest.mark.parametrize(
    "decision", [Decision(number="125/QĐ-UBND"), Decision(day=date(2026, 3, 5))]
)
def test_a_decision_number_and_its_date_go_together(finalized, admin_user, decision):
    with pytest.raises(publishing.PublishError, match="Số và ngày"):
        publishing.publish(finalized[0].period, by=admin_user, decision=decision)
    assert Publication.objects.count() == 0
