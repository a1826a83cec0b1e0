"""Is this PDF one we published? A citizen, an auditor or another office uploads the copy they
hold: it is recognised by its SHA-256 among the stored documents (the year's report, every
unit's scorecard), and its signatures are checked (core/signing.py). The two answers are shown
side by side: a copy can be ours and unsigned (no certificate configured then), or signed by us
and changed since (then it is not ours)."""

from collections.abc import Callable
from dataclasses import dataclass

from parindex.core import signing

from .models import Publication, PublishedResult


@dataclass(frozen=True)
class Recognised:
    """A published document of another app (the annual report), as the page names it."""

    description: str
    url: str = ""


# Apps above this one that publish documents register here (in their AppConfig.ready) a lookup
# by SHA-256, so that the page recognises their copies too without results importing them.
RECOGNISERS: list[Callable[[str], Recognised | None]] = []


@dataclass(frozen=True)
class Check:
    readable: bool  # a PDF whose signatures could be read
    signatures: list[signing.Signature]
    report: Publication | None = None  # the year's report it is
    scorecard: PublishedResult | None = None  # the unit's scorecard it is
    other: Recognised | None = None  # another app's document it is

    @property
    def published(self) -> bool:
        return self.report is not None or self.scorecard is not None or self.other is not None


def check(content: bytes) -> Check:
    digest = signing.sha256(content)
    report = Publication.objects.filter(report_sha256=digest).first()
    scorecard = None
    if report is None:
        scorecard = (
            PublishedResult.objects.select_related("publication")
            .filter(scorecard_sha256=digest)
            .first()
        )
    other = None
    if report is None and scorecard is None:
        other = next(filter(None, (recognise(digest) for recognise in RECOGNISERS)), None)
    try:
        found = signing.signatures(content)
    except ValueError:
        return Check(False, [], report, scorecard, other)
    return Check(True, found, report, scorecard, other)
