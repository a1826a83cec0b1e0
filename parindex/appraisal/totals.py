"""Each unit's figures as the engine gives them from the current data: its own points, the team's
after round 1 and after round 2, the survey's. One meaning for each word on every page and
document:

- điểm tự chấm: the unit's total from its own entries;
- điểm thẩm định: the team's points, without the survey, the bonus and the penalty;
- điểm điều tra xã hội học: the survey leaves' points, from the latest survey import;
- tổng điểm: all of them with the bonus added and the penalty taken off, what the index divides.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from parindex.assessments.models import Entry, UnitAssessment
from parindex.assessments.scorecard import engine_entries
from parindex.catalog.specs import load_spec
from parindex.scoring import CriteriaSet as Spec
from parindex.scoring import UnitResult, evaluate

from .appraising import final_engine_entries
from .models import AppraisedEntry, Round, SurveyScore


@dataclass(frozen=True)
class Figures:
    spec: Spec
    self_result: UnitResult
    round1_result: UnitResult
    final_result: UnitResult
    survey_points: Decimal
    survey_missing: list[str]  # the survey leaves without points in the import, counted 0
    comments: dict[str, str]  # the team's comment per leaf, round 2's where there is one

    @property
    def appraised_points(self) -> Decimal:
        return self.final_result.points - self.survey_points


def figures(assessments: list[UnitAssessment]) -> dict[int, Figures]:
    """assessment pk → its figures. The assessments are of one period, with their criteria set
    and its level loaded. Constant queries: each criteria set's nodes, the entries, the team's
    rows and the latest survey import's scores."""
    if not assessments:
        return {}
    period = assessments[0].period
    specs: dict[int, Spec] = {}
    for assessment in assessments:
        if assessment.criteria_set_id not in specs:
            specs[assessment.criteria_set_id] = load_spec(assessment.criteria_set).spec
    pks = [assessment.pk for assessment in assessments]
    entries: dict[int, dict[str, Entry]] = defaultdict(dict)
    for entry in Entry.objects.filter(assessment__in=pks).select_related("criterion"):
        entries[entry.assessment_id][entry.criterion.code] = entry
    appraised: dict[int, dict[tuple[str, int], AppraisedEntry]] = defaultdict(dict)
    for answer in AppraisedEntry.objects.filter(assessment__in=pks).select_related("criterion"):
        appraised[answer.assessment_id][answer.criterion.code, answer.round] = answer
    latest = period.survey_imports.order_by("-imported_at", "-id").values("pk")[:1]
    survey: dict[int, dict[str, SurveyScore]] = defaultdict(dict)
    scores = SurveyScore.objects.filter(survey_import__in=latest, assessment__in=pks)
    for score in scores.select_related("criterion"):
        survey[score.assessment_id][score.criterion.code] = score
    found = {}
    for assessment in assessments:
        spec = specs[assessment.criteria_set_id]
        mine, scored = appraised[assessment.pk], survey[assessment.pk]
        final = evaluate(spec, final_engine_entries(spec, mine, scored))
        survey_codes = [leaf.code for leaf in spec.leaves() if leaf.method == "survey"]
        found[assessment.pk] = Figures(
            spec=spec,
            self_result=evaluate(spec, engine_entries(spec, entries[assessment.pk])),
            round1_result=evaluate(
                spec, final_engine_entries(spec, mine, scored, up_to=Round.FIRST)
            ),
            final_result=final,
            survey_points=sum((final.nodes[code].points for code in survey_codes), Decimal(0)),
            survey_missing=[code for code in survey_codes if code not in scored],
            comments=_comments(mine),
        )
    return found


def _comments(appraised: dict[tuple[str, int], AppraisedEntry]) -> dict[str, str]:
    """The team's comment of each leaf, round 2's where there is one."""
    comments = {}
    for (code, _round), row in sorted(appraised.items(), key=lambda pair: pair[0][1]):
        if row.comment:
            comments[code] = row.comment
    return comments
