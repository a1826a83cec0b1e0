"""Every URL pattern, opened (GET) by every kind of person on the demo province, answers as the
table access_matrix.txt beside this file says: a page (ok), the login (login), elsewhere (moved),
403, 404 or 405 (a form's target, POST only). A URL pattern without a line fails, so a new page
has to say who may open it; no one ever gets a 500.

The people: nobody signed in; the officer and the head of a unit being appraised (Sở Công
Thương, asked for explanations), an officer of another unit; an appraiser whose agency appraises
one of that unit's fields and one whose agency appraises none; the lead; the admin. Objects in
the URLs are that unit's. After adding a URL: `ACCESS_MATRIX_WRITE=1 pytest <this file>` writes
the table anew; read its diff before committing it."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from parindex.accounts.models import Role, User
from parindex.appraisal.access import fields_of
from parindex.appraisal.assignments import leaf_fields
from parindex.appraisal.models import Assignment, ExplanationRequest, TeamMember
from parindex.assessments.models import (
    AssessmentPeriod,
    Entry,
    EntryEvidence,
    Evidence,
    EvidenceFile,
    UnitAssessment,
)
from parindex.catalog.models import Field, Unit
from parindex.catalog.specs import load_spec
from parindex.plans.models import Plan, PlanTask
from parindex.reports.models import UnitReport
from parindex.results.models import Publication, PublishedResult
from parindex.testing.factories import PDF, make_user

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

TABLE = Path(__file__).with_name("access_matrix.txt")
PEOPLE = (
    "anonymous",
    "officer",
    "head",
    "other_officer",
    "appraiser",
    "appraiser_off",
    "lead",
    "admin",
)
UNIT = "dept-cong-thuong"
# Not ours: Django's admin has its own login and permissions (core/tests/test_backoffice.py).
SKIPPED_NAMESPACES = {"admin"}


def url_patterns(resolver=None, namespace: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += url_patterns(pattern, inner)
        elif pattern.name:
            found.append((f"{namespace}{pattern.name}", pattern))
    return found


def people(assessment: UnitAssessment) -> dict[str, User | None]:
    team = [
        member.user
        for member in TeamMember.objects.filter(period=assessment.period)
        .select_related("user")
        .order_by("user__username")
        if member.user.role == "appraiser" and member.user.unit_id != assessment.unit_id
    ]
    appraisers = [user for user in team if fields_of(user, assessment)]
    # Every agency of the demo's team appraises some field of the unit: one more member whose
    # agency is assigned nothing.
    off = make_user("sxd.thamdinh", Role.APPRAISER, Unit.objects.get(code="dept-xay-dung"))
    TeamMember.objects.create(period=assessment.period, user=off)
    named = User.objects.in_bulk(
        ["sct.canbo", "sct.lanhdao", "sxd.canbo", "snv.totruong", "admin"], field_name="username"
    )
    return {
        "anonymous": None,
        "officer": named["sct.canbo"],
        "head": named["sct.lanhdao"],
        "other_officer": named["sxd.canbo"],
        "appraiser": appraisers[0],
        "appraiser_off": off,
        "lead": named["snv.totruong"],
        "admin": named["admin"],
    }


def arguments(assessment: UnitAssessment, appraiser: User) -> dict[str, dict[str, object]]:
    """The value of each URL argument, by the URL's first word and the argument's name."""
    period: AssessmentPeriod = assessment.period
    stored = load_spec(assessment.criteria_set)
    mine = fields_of(appraiser, assessment)
    field_of = leaf_fields(stored.spec)
    leaf = next(pk for code, pk in stored.ids.items() if field_of.get(code) in mine)
    evidence, stored_file = _document(assessment, leaf)
    request = ExplanationRequest.objects.filter(assessment=assessment).first()
    officer = User.objects.get(username="sct.canbo")
    published = PublishedResult.objects.select_related("publication").order_by("-publication__year")
    result = published.filter(unit=assessment.unit).first() or published.first()
    shared = {"criterion_pk": leaf, "evidence_pk": evidence.pk, "node_pk": leaf}
    return (
        {
            "account": {"pk": officer.pk, "kind": "unit"},
            "accounts": {"kind": "unit"},
            "password": {
                "uidb64": urlsafe_base64_encode(force_bytes(officer.pk)),
                "token": default_token_generator.make_token(officer),
            },
            "catalog:level": {"pk": assessment.unit.level_id},
            "catalog:field": {"pk": Field.objects.order_by("pk").first().pk},
            "catalog:unit": {"pk": assessment.unit_id},
            "catalog:criteria": {"pk": assessment.criteria_set_id} | shared,
            "catalog:node": {"pk": assessment.criteria_set_id} | shared,
            "assessments:evidence": {"pk": evidence.pk},
            # An item's documents: under the unit's assessment.
            "assessments:evidence_upload": {"pk": assessment.pk} | shared,
            "assessments:evidence_link": {"pk": assessment.pk} | shared,
            "assessments:evidence_unlink": {"pk": assessment.pk} | shared,
            "assessments:evidence_file": {"pk": stored_file.pk},
            "assessments:period": {"pk": period.pk, "assessment_pk": assessment.pk},
            "assessments": {"pk": assessment.pk} | shared,
            "appraisal:team": {
                "pk": period.pk,
                "member_pk": TeamMember.objects.filter(period=period).first().pk,
                "assignment_pk": Assignment.objects.filter(period=period).first().pk,
            },
            "appraisal:progress": {"pk": period.pk},
            "appraisal:survey": {"pk": period.pk},
            "appraisal:explanations": {"pk": assessment.pk},
            "appraisal:explanation": {"pk": request.pk} | shared,
            "appraisal:evidence_file": {"pk": stored_file.pk},
            "appraisal": {"pk": assessment.pk} | shared,
            "results": {
                "year": result.publication.year if result else period.year,
                "unit_pk": result.unit_id if result else assessment.unit_id,
                "period_pk": period.pk,
                "pk": NOWHERE,  # a preview workbook: none in the demo
            },
        }
        | _reports(assessment)
        | _plans(assessment)
        | _annual(assessment)
    )


# An id of nothing, for objects the demo has none of: the table then says who is refused before
# anything is looked up (the login) and that no one else gets a 500.
NOWHERE = 999_999


def _reports(assessment: UnitAssessment) -> dict[str, dict[str, object]]:
    """The periodic reports of the unit, where the demo has one."""
    report = (
        UnitReport.objects.filter(unit=assessment.unit).select_related("period").first()
        or UnitReport.objects.select_related("period").first()
    )
    if report is None:
        return {
            "reports": {"pk": NOWHERE, "code": "x", "number": 1, "year": 2025, "evidence_pk": 1}
        }
    section = report.sections.first()
    version = report.versions.first()
    by_report = {
        "pk": report.pk,
        "code": section.code if section else "x",
        "number": version.number if version else 1,
        "evidence_pk": NOWHERE,  # detaching is a POST: the matrix's GET only meets the 405
    }
    return {
        "reports:template": {"pk": report.period.template_id},
        "reports:period": {"pk": report.period_id},
        "reports:aggregates": {"pk": report.period_id},
        "reports:annex": {"pk": report.period_id},
        "reports:draft": {"pk": report.period_id},
        "reports:timeliness": {"year": report.period.year},
        "reports": by_report,
    }


def _plans(assessment: UnitAssessment) -> dict[str, dict[str, object]]:
    """The unit's PAR plan where the demo has one (else another unit's), one of its tasks and a
    task of the province's plan to carry."""
    plan = (
        Plan.objects.filter(unit=assessment.unit).first()
        or Plan.objects.exclude(unit=None).order_by("pk").first()
    )
    if plan is None:
        return {"plans": {"pk": NOWHERE, "task_pk": NOWHERE, "year": 2025, "unit_pk": NOWHERE}}
    task = plan.tasks.order_by("pk").first()
    province_task = PlanTask.objects.filter(plan__unit=None, plan__year=plan.year).first()
    by_plan = {"pk": plan.pk, "task_pk": province_task.pk if province_task else NOWHERE}
    return {
        "plans:task_add": by_plan,  # before "plans:task": these take the plan
        "plans:task_carry": by_plan,
        "plans:task": {"pk": task.pk if task else NOWHERE},
        "plans:progress_add": {"pk": task.pk if task else NOWHERE},
        "plans": by_plan | {"year": plan.year, "unit_pk": plan.unit_id},
    }


def _annual(assessment: UnitAssessment) -> dict[str, dict[str, object]]:
    """The demo's round published through the product (2024), the unit's code in it."""
    publication = Publication.objects.filter(historical=False).order_by("-year").first()
    if publication is None:
        return {"annual": {"pk": NOWHERE, "year": 2025, "code": "x"}}
    results = publication.results.select_related("unit")
    result = results.filter(unit=assessment.unit).first() or results.first()
    return {
        "annual:report": {"pk": NOWHERE},  # an annual report asked for: none in the demo
        "annual": {"pk": publication.pk, "year": publication.year, "code": result.unit.code},
    }


def _document(assessment: UnitAssessment, criterion_id: int) -> tuple[Evidence, EvidenceFile]:
    """A stored PDF backing the item (the demo's units cite their documents without files)."""
    officer = User.objects.get(username="sct.canbo")
    evidence = Evidence.objects.create(unit=assessment.unit, title="Kế hoạch", created_by=officer)
    stored = EvidenceFile.objects.create(
        evidence=evidence,
        version=1,
        file=ContentFile(PDF, name="ke-hoach.pdf"),
        original_name="Kế hoạch.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=officer,
    )
    entry = Entry.objects.get(assessment=assessment, criterion_id=criterion_id)
    EntryEvidence.objects.create(entry=entry, evidence=evidence, linked_by=officer)
    return evidence, stored


def url_of(name: str, pattern: URLPattern, values: dict[str, dict[str, object]]) -> str:
    wanted = list(pattern.pattern.converters)
    if not wanted:
        return reverse(name)
    # The longest key that begins the name: "appraisal:explanation_answer" before "appraisal".
    key = max((k for k in values if name.startswith(k)), key=len)
    return reverse(name, kwargs={arg: values[key][arg] for arg in wanted})


def outcome(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if 300 <= status < 400:
        return "login" if response["Location"].startswith("/login/") else "moved"
    return str(status)


def test_every_url_answers_every_person_as_the_table_says(loaded):
    assessment = (
        UnitAssessment.objects.with_context().filter(unit__code=UNIT).latest("period__year")
    )
    who = people(assessment)
    values = arguments(assessment, who["appraiser"])
    clients = {}
    for role, user in who.items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)
    found: dict[str, list[str]] = {}
    for name, pattern in url_patterns():
        url = url_of(name, pattern, values)
        found[name] = [outcome(clients[role].get(url)) for role in PEOPLE]
    lines = [f"{name:<40} " + " ".join(f"{o:<13}" for o in row) for name, row in found.items()]
    table = (f"{'# url name':<40} " + " ".join(f"{p:<13}" for p in PEOPLE)).rstrip() + "\n"
    table += "\n".join(line.rstrip() for line in lines) + "\n"
    if os.environ.get("ACCESS_MATRIX_WRITE"):
        TABLE.write_text(table, encoding="utf-8")
    expected = {
        line.split()[0]: line.split()[1:]
        for line in TABLE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    count = len(found) * len(PEOPLE)
    print(f"\n{len(found)} URL patterns × {len(PEOPLE)} people = {count} requests")
    assert not [n for n, row in found.items() for o in row if o.startswith("5")]
    missing = sorted(found.keys() - expected.keys())
    assert not missing, f"URL patterns without a line in {TABLE.name}: {missing}"
    assert not sorted(expected.keys() - found.keys()), "lines for URL patterns that are gone"
    differ = {
        name: dict(zip(PEOPLE, zip(expected[name], row, strict=True), strict=True))
        for name, row in found.items()
        if expected[name] != row
    }
    assert not differ, "\n".join(
        f"{name}: " + ", ".join(f"{p} expected {e} got {g}" for p, (e, g) in d.items() if e != g)
        for name, d in differ.items()
    )
