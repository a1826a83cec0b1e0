"""Importing the survey points: a new import replaces the previous one as the source of every
survey leaf of the period; older imports stay as history."""

import hashlib
from pathlib import PurePath

from django.db import transaction
from django.db.models import QuerySet

from parindex.accounts.models import User
from parindex.assessments.models import AssessmentPeriod
from parindex.assessments.periods import by_level_and_name
from parindex.core import audit
from parindex.core.text import nfc

from .. import appraising, workflow
from ..models import SurveyImport, SurveyScore
from .reading import changes, finalized_changes, read_scores, sheet_rows, stale, upload_bytes
from .sheet import SurveyImportError, scope_of


def imports(period: AssessmentPeriod) -> QuerySet[SurveyImport]:
    """Every import of the period, the current one first."""
    return period.survey_imports.select_related("imported_by")


def current_import(period: AssessmentPeriod) -> SurveyImport | None:
    """The import whose points count (the latest); older ones are history."""
    return imports(period).first()


def scores_of(survey_import: SurveyImport) -> list[SurveyScore]:
    """The import's scores by unit (by level and name), then in the order of the criteria."""
    scores = survey_import.scores.select_related("assessment__unit__level", "criterion")
    return sorted(
        scores, key=lambda score: (by_level_and_name(score.assessment), score.criterion.position)
    )


def _summary(survey_import: SurveyImport | None) -> dict:
    if survey_import is None:
        return {}
    return {
        "file": survey_import.file_name,
        "rows": survey_import.row_count,
        "at": survey_import.imported_at,
    }


def import_workbook(period: AssessmentPeriod, uploaded_file, *, by: User) -> SurveyImport:
    """Import the survey points of `period` from a workbook made from `template_workbook`.

    Every row is checked (unit, survey leaf, duplicates, the rule's inputs through the engine);
    any problem raises SurveyImportError listing them all, and nothing is written. Side effects:
    a new SurveyImport with its SurveyScore rows, which becomes the current one (older imports stay
    as history); audit "survey.import" on the period, previous → new; the appraised total of every
    unit in the new or the previous import (its UnitAppraisal created if needed).
    """
    data = upload_bytes(uploaded_file)
    rows, base = sheet_rows(data)
    with transaction.atomic():
        # Locking the period's units serialises imports with each other and with finalization.
        scope = scope_of(period.assessments.select_for_update(of=("self",)))
        previous = current_import(period)
        previous_scores = (
            list(previous.scores.select_related("assessment__unit", "criterion"))
            if previous
            else []
        )
        scores, errors = read_scores(rows, scope)
        errors += stale(previous, base) + finalized_changes(scope, previous_scores, scores)
        if errors:
            raise SurveyImportError(sorted(errors, key=lambda error: error.row or 0))
        survey_import = SurveyImport.objects.create(
            period=period,
            file_name=nfc(PurePath(uploaded_file.name).name)[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            row_count=len(scores),
            imported_by=by,
        )
        SurveyScore.objects.bulk_create(
            SurveyScore(
                survey_import=survey_import,
                assessment=score.assessment,
                criterion_id=score.criterion_id,
                numerator=score.entry.numerator,
                denominator=score.entry.denominator,
                points=score.entry.points,
                survey_points=score.points,
            )
            for score in scores
        )
        audit.record(
            "survey.import",
            period,
            by=by,
            old=_summary(previous),
            new=_summary(survey_import) | {"changes": changes(previous_scores, scores)},
        )
        affected = {score.assessment.pk for score in scores}
        affected |= {row.assessment_id for row in previous_scores}
        for assessment in scope.assessments.values():
            if assessment.pk in affected:
                workflow.status_of(assessment)
                appraising.refresh_total(assessment, scope.set_of(assessment).spec)
    return survey_import
