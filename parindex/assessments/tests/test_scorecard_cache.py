"""The cached scorecard is the page itself: in every state its key covers, and after every change
a user or an administrator can make to what it shows, the page served from the cache is the page
rendered afresh. A field added to the template but not to the key fails here."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.utils import timezone

from parindex.accounts.models import User
from parindex.assessments import deadlines, evidence, files, scorecard, workflow
from parindex.assessments.models import AssessmentPeriod, UnitAssessment
from parindex.catalog.models import CriteriaSet, Unit, UnitLevel
from parindex.testing.factories import PDF
from parindex.testing.factories import criterion as _criterion  # tests name theirs `criterion`

pytestmark = pytest.mark.django_db

# What differs between any two responses: the reader's masked CSRF token and the CSP nonce.
PER_RESPONSE = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value="|nonce=")[^"]+')


def _page(client: Client, assessment: UnitAssessment) -> str:
    response = client.get(assessment.get_absolute_url())
    assert response.status_code == 200
    return PER_RESPONSE.sub(r"\1…", response.content.decode())


def _fresh(client: Client, assessment: UnitAssessment) -> str:
    caches["pages"].clear()
    caches["fragments"].clear()
    return _page(client, assessment)


def _save(assessment, code, by, **data) -> None:
    entry = assessment.entries.filter(criterion__code=code).first()
    scorecard.save_entry(
        assessment,
        _criterion(assessment, code).pk,
        data,
        version=entry.version if entry else 0,
        by=by,
    )


@pytest.fixture
def readers(officer, unit_head, admin_user) -> dict[str, Client]:
    clients = {}
    for user in (officer, unit_head, admin_user):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    return clients


def _check(readers: dict[str, Client], assessment: UnitAssessment, change) -> None:
    """Each reader's page is cached, `change` happens, and the page each reader is then served
    is the page rendered afresh."""
    for client in readers.values():
        _page(client, assessment)
    change()
    assessment.refresh_from_db()
    served = {name: _page(client, assessment) for name, client in readers.items()}
    for name, client in readers.items():
        assert served[name] == _fresh(client, assessment), name


def _text_fields(model: type[models.Model]) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and not isinstance(field, models.SlugField)
    ]


def test_the_units_work_is_never_served_stale(readers, open_assessment, officer, unit_head, media):
    steps = [
        lambda: _save(open_assessment, "1.1", officer, level="Ban hành đúng thời hạn"),
        lambda: _save(
            open_assessment, "1.4", officer, points=Decimal("0.75"), explanation="Đang trình ký"
        ),
        lambda: evidence.upload_to_item(
            open_assessment,
            _criterion(open_assessment, "1.1"),
            file=files.check_upload(SimpleUploadedFile("qd.pdf", PDF)),
            reference={"title": "Quyết định ban hành kế hoạch"},
            by=officer,
        ),
        lambda: _save(open_assessment, "1.3", officer, not_applicable=True),
        lambda: _save(
            open_assessment,
            "1.3",
            officer,
            not_applicable=True,
            not_applicable_reason="Không phát sinh",
        ),
        lambda: _save(
            open_assessment, "1.2", officer, numerator=Decimal(9), denominator=Decimal(10)
        ),
        lambda: workflow.submit(open_assessment, by=unit_head),
        lambda: workflow.withdraw(open_assessment, by=unit_head, reason="Bổ sung tài liệu"),
        lambda: workflow.submit(open_assessment, by=unit_head),
    ]
    for step in steps:
        _check(readers, open_assessment, step)


def test_the_window_closing_and_reopening_are_never_served_stale(
    readers, open_assessment, admin_user, monkeypatch
):
    AssessmentPeriod.objects.filter(pk=open_assessment.period_id).update(
        self_assessment_closes=deadlines.today()
    )
    later = deadlines.ends(deadlines.today()) + timedelta(hours=1)
    _check(readers, open_assessment, lambda: monkeypatch.setattr(timezone, "now", lambda: later))
    until = timezone.localdate(later) + timedelta(days=7)
    _check(
        readers,
        open_assessment,
        lambda: workflow.reopen_self_assessment(
            open_assessment, by=admin_user, reason="Bổ sung", until=until
        ),
    )


@pytest.mark.parametrize(
    ("model", "owner"),
    [
        (Unit, lambda a: a.unit),
        (UnitLevel, lambda a: a.unit.level),
        (AssessmentPeriod, lambda a: a.period),
        (CriteriaSet, lambda a: a.criteria_set),
    ],
    ids=["unit", "level", "period", "criteria-set"],
)
def test_what_the_administrator_edits_is_never_served_stale(readers, open_assessment, model, owner):
    for name in _text_fields(model):
        row = owner(UnitAssessment.objects.with_context().get(pk=open_assessment.pk))
        value = getattr(row, name)
        _check(
            readers,
            open_assessment,
            lambda row=row, name=name, value=value: model.objects.filter(pk=row.pk).update(
                **{name: f"{value} (sửa)"[: model._meta.get_field(name).max_length or 500]}
            ),
        )


def test_the_readers_own_details_are_never_served_stale(readers, open_assessment):
    for username in readers:
        for name in _text_fields(User):
            if name in ("password", "search_key", "username"):
                continue
            _check(
                readers,
                open_assessment,
                lambda username=username, name=name: User.objects.filter(username=username).update(
                    **{name: "Tên mới"}
                ),
            )
