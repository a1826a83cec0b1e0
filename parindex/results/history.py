"""Historical results: the figures the province published before it used the application (the
`unit_results` of `published-results.yaml`), loaded as historical publications so that trends on
the public pages start from real Điện Biên numbers.

Only what was published is kept: each unit's index and rank, the level's count and mean, and the
rest of what the source says as a note. The provincial index, SIPAS and PCI of the same file rank
the province among the 63 provinces; they are not results of its units and are not loaded.
"""

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from parindex.assessments import deadlines
from parindex.catalog.models import Unit, UnitLevel, reference_code
from parindex.core import audit
from parindex.core.text import nfc

from .models import Publication, PublishedLevel, PublishedResult

SCHEMA = "parindex.published-results/"
VIETNAMESE_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
COUNTS = ("publications", "levels", "results", "units_missing", "years_present")


class HistoryError(Exception):
    """The file cannot be loaded; the message says why, in the user's language."""


@transaction.atomic
def load_history(path: Path) -> dict[str, int]:
    """Load every year of `path` that has result blocks as a historical publication (version 1).

    Returns counts: publications, levels, results created; units_missing (results of units the
    catalogue does not have, skipped); years_present (skipped, already published). Side effects:
    Publication, PublishedLevel, PublishedResult rows and an audit entry `results.load_history`
    per year. Raises HistoryError (not this format, a level missing from the catalogue),
    OSError and yaml.YAMLError.
    """
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not str(document.get("schema", "")).startswith(SCHEMA):
        raise HistoryError(
            _("Tệp không phải kết quả đã công bố (%(schema)s).") % {"schema": SCHEMA}
        )
    years = [item for item in document.get("unit_results", []) if item.get("blocks")]
    blocks = [block for item in years for block in item["blocks"]]
    levels = UnitLevel.objects.in_bulk({block["level"] for block in blocks}, field_name="code")
    unknown = sorted({block["level"] for block in blocks} - set(levels))
    if unknown:
        raise HistoryError(
            _("Danh mục chưa có cấp đơn vị: %(codes)s. Hãy nạp danh mục đơn vị trước.")
            % {"codes": ", ".join(unknown)}
        )
    reference_ids = {result["unit_id"] for block in blocks for result in block.get("results", [])}
    reference_ids |= {uid for block in blocks for uid in block.get("maintained_good_results", [])}
    units = Unit.objects.in_bulk({reference_code(uid) for uid in reference_ids}, field_name="code")
    # Any publication of the year counts: a year published in the application (version 1 taken)
    # supersedes the figures found in the press.
    published = set(
        Publication.objects.filter(year__in=[item["year"] for item in years]).values_list(
            "year", flat=True
        )
    )
    counts = dict.fromkeys(COUNTS, 0)
    for item in years:
        if item["year"] in published:
            counts["years_present"] += 1
        else:
            _load_year(item, document.get("sources", {}), levels, units, counts)
    return counts


def _load_year(item: dict, sources: dict, levels: dict, units: dict, counts: dict) -> None:
    publication = Publication.objects.create(
        year=item["year"],
        version=1,
        title=_("Chỉ số CCHC năm %(year)s (số liệu công bố)") % {"year": item["year"]},
        published_at=_published_at(item),
        published_by=None,
        decision=nfc(item.get("decision", "")),
        source=_source(item, sources),
        historical=True,
    )
    loaded = []
    for block in item["blocks"]:
        level = levels[block["level"]]
        PublishedLevel.objects.create(
            publication=publication,
            level=level,
            level_name=level.name,
            units_ranked=block["units_ranked"],
            mean_index=_decimal(block.get("mean_index")),
            note=_level_note(block, units),
        )
        found = [r for r in block.get("results", []) if reference_code(r["unit_id"]) in units]
        counts["units_missing"] += len(block.get("results", [])) - len(found)
        loaded += PublishedResult.objects.bulk_create(
            PublishedResult(
                publication=publication,
                unit=units[reference_code(result["unit_id"])],
                level=level,
                unit_name=nfc(result["unit_name"]),
                index=_decimal(result.get("index")),
                rank=result.get("rank"),
            )
            for result in found
        )
    counts["publications"] += 1
    counts["levels"] += len(item["blocks"])
    counts["results"] += len(loaded)
    audit.record(
        "results.load_history",
        publication,
        by=None,
        new={"year": publication.year, "levels": len(item["blocks"]), "units": len(loaded)},
    )


def _decimal(value) -> Decimal | None:
    # YAML reads 92.51 as a float; its shortest repr is the figure as published.
    return None if value is None else Decimal(str(value))


def _published_at(item: dict) -> datetime:
    """The first date (d/m/yyyy) in what the file says of the publication or the decision; when
    there is none, the end of the following year (results are published during it)."""
    for text in (item.get("published", ""), item.get("decision", "")):
        for day, month, year in VIETNAMESE_DATE.findall(str(text)):
            try:
                return deadlines.starts(date(int(year), int(month), int(day)))
            except ValueError:
                continue
    return deadlines.starts(date(item["year"] + 1, 12, 31))


def _source(item: dict, sources: dict) -> str:
    """The sources' descriptions (with their addresses), and how derived figures were derived."""
    keys = [item[key] for key in ("source", "also_source") if item.get(key)]
    lines = [sources.get(key, key) for key in keys]
    if item.get("derivation"):
        lines.append(_("Số liệu suy ra: %(how)s") % {"how": item["derivation"]})
    if item.get("note"):
        lines.append(item["note"])
    return nfc("\n".join(lines))


def _level_note(block: dict, units: dict) -> str:
    """What the source says of the level besides the count and the mean."""
    sentences = []
    if block.get("class_counts"):
        counts = ", ".join(f"{label}: {n}" for label, n in block["class_counts"].items())
        sentences.append(_("Số đơn vị theo xếp loại: %(counts)s.") % {"counts": counts})
    if block.get("class_counts_note"):
        sentences.append(block["class_counts_note"] + ".")
    if block.get("units_above_mean") is not None:
        sentences.append(
            _("%(n)s đơn vị có chỉ số trên mức trung bình.") % {"n": block["units_above_mean"]}
        )
    if block.get("units_at_or_above_90") is not None:
        sentences.append(
            _("%(n)s đơn vị đạt chỉ số từ 90 trở lên.") % {"n": block["units_at_or_above_90"]}
        )
    kept = [
        units[reference_code(uid)].name
        for uid in block.get("maintained_good_results", [])
        if reference_code(uid) in units
    ]
    if kept:
        sentences.append(_("Duy trì kết quả tốt: %(units)s.") % {"units": ", ".join(kept)})
    return nfc(" ".join(sentences))
