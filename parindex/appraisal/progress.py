"""How far the appraisal of each unit has gone, per field: items appraised out of those to appraise,
explanation requests and those still waiting for round 2. Constant queries for any number of units
(one per criteria set of the period, plus two)."""

from collections import defaultdict
from dataclasses import dataclass

from parindex.assessments.models import UnitAssessment
from parindex.catalog.specs import load_spec

from .assignments import appraised_leaves, leaf_fields
from .models import AppraisedEntry, ExplanationRequest, Round, SurveyScore


@dataclass
class Progress:
    total: int = 0
    appraised: int = 0
    requested: int = 0
    pending: int = 0  # requests without round-2 points

    def add(self, other: "Progress") -> None:
        self.total += other.total
        self.appraised += other.appraised
        self.requested += other.requested
        self.pending += other.pending

    @property
    def complete(self) -> bool:
        return self.appraised == self.total and self.pending == 0


def by_field(assessments: list[UnitAssessment]) -> dict[int, dict[str | None, Progress]]:
    """assessment pk → field code → Progress (only fields with leaves to appraise)."""
    field_of: dict[int, dict[int, str | None]] = {}  # criteria set → criterion pk → field
    for set_id in {a.criteria_set_id for a in assessments}:
        criteria_set = next(a.criteria_set for a in assessments if a.criteria_set_id == set_id)
        stored = load_spec(criteria_set)
        fields = leaf_fields(stored.spec)
        field_of[set_id] = {
            stored.ids[leaf.code]: fields[leaf.code] for leaf in appraised_leaves(stored.spec)
        }
    pks = [a.pk for a in assessments]
    rounds: dict[tuple[int, int], set[int]] = defaultdict(set)
    for assessment_id, criterion_id, round in AppraisedEntry.objects.filter(
        assessment_id__in=pks
    ).values_list("assessment_id", "criterion_id", "round"):
        rounds[assessment_id, criterion_id].add(round)
    requested = set(
        ExplanationRequest.objects.filter(assessment_id__in=pks).values_list(
            "assessment_id", "criterion_id"
        )
    )
    result: dict[int, dict[str | None, Progress]] = {}
    for assessment in assessments:
        per_field: dict[str | None, Progress] = defaultdict(Progress)
        for criterion_id, field in field_of[assessment.criteria_set_id].items():
            progress = per_field[field]
            done = rounds.get((assessment.pk, criterion_id), set())
            progress.total += 1
            progress.appraised += Round.FIRST in done
            if (assessment.pk, criterion_id) in requested:
                progress.requested += 1
                progress.pending += Round.FINAL not in done
        result[assessment.pk] = dict(per_field)
    return result


def overall(per_field: dict[str | None, Progress], fields: set[str] | None = None) -> Progress:
    """The sum over `fields` (every field when None)."""
    total = Progress()
    for field, progress in per_field.items():
        if fields is None or field in fields:
            total.add(progress)
    return total


def survey_missing(assessments: list[UnitAssessment]) -> dict[int, list[str]]:
    """assessment pk → the codes of its survey leaves without points in the period's current
    survey import (the engine counts them 0). Constant queries: one per criteria set, plus two.
    The assessments are of one period."""
    if not assessments:
        return {}
    period = assessments[0].period
    latest = period.survey_imports.order_by("-imported_at", "-id").values("pk")[:1]
    scored = set(
        SurveyScore.objects.filter(
            survey_import__in=latest, assessment__in=[a.pk for a in assessments]
        ).values_list("assessment_id", "criterion_id")
    )
    leaves: dict[int, list[tuple[str, int]]] = {}
    for assessment in assessments:
        if assessment.criteria_set_id not in leaves:
            stored = load_spec(assessment.criteria_set)
            leaves[assessment.criteria_set_id] = [
                (leaf.code, stored.ids[leaf.code])
                for leaf in stored.spec.leaves()
                if leaf.method == "survey"
            ]
    return {
        assessment.pk: [
            code
            for code, criterion_id in leaves[assessment.criteria_set_id]
            if (assessment.pk, criterion_id) not in scored
        ]
        for assessment in assessments
    }
