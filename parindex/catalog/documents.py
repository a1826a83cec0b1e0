"""How a unit appears on the documents it issues and signs (Decree 30/2020, Phụ lục I): pure
functions of its name, its kind and its head's position, without the database.

- A provincial agency (sở, ban, văn phòng, thanh tra ...) writes the province's people's committee
  above its own name ("UBND TỈNH ĐIỆN BIÊN" over "SỞ TƯ PHÁP") and dates its documents in the
  province ("Điện Biên, ngày ..."). Its head signs under the head's own title ("GIÁM ĐỐC"); a
  deputy signs for the head ("KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC"), an acting head as "Q. GIÁM ĐỐC".
- A people's committee (commune, ward, township, district, town, city) has no body above it on
  its documents: its name is "ỦY BAN NHÂN DÂN" over "XÃ MƯỜNG PHĂNG", its place its own name
  ("Mường Phăng, ngày ..."). It works as a collective, so its chair signs on its behalf
  ("TM. ỦY BAN NHÂN DÂN" over "CHỦ TỊCH"), a vice-chair for the chair under that
  ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH").
"""

import re

from parindex.core.documents import IssuingBody, Signature
from parindex.core.text import fold, nfc

from .models import Unit

PEOPLES_COMMITTEES = frozenset(
    {
        Unit.Kind.COMMUNE,
        Unit.Kind.WARD,
        Unit.Kind.TOWNLET,
        Unit.Kind.DISTRICT,
        Unit.Kind.TOWN,
        Unit.Kind.CITY,
    }
)
PEOPLES_COMMITTEE = "Ủy ban nhân dân"
# "UBND xã Mường Phăng", "Ủy ban nhân dân phường ...": the committee's name in front of the place.
COMMITTEE_PREFIX = re.compile(r"^(ubnd|uy ban nhan dan)\s+", re.IGNORECASE)
# Administrative words in front of a place name ("Xã Mường Phăng" -> "Mường Phăng").
PLACE_PREFIX = re.compile(r"^(xa|phuong|thi tran|thi xa|thanh pho|huyen|quan)\s+")
# What follows the title in a position: "Chủ tịch UBND phường", "Phó Giám đốc Sở Tư pháp".
TITLE_SUFFIX = re.compile(r"\s+((ubnd|uy ban nhan dan)\s.+|so(\s.+)?)$")
DEPUTY = "phó "
ACTING = "quyền "
IN_CHARGE = " phụ trách"


def _words(text: str) -> str:
    return " ".join(nfc(text).split())


def is_peoples_committee(kind: str) -> bool:
    return kind in PEOPLES_COMMITTEES


def _cut(text: str, pattern: re.Pattern) -> str:
    """`text` without what `pattern` matches in its folded form (folding keeps the length of
    each word, so positions in the folded text are positions in the text)."""
    match = pattern.search(fold(text))
    if match is None:
        return text
    return (text[: match.start()] + text[match.end() :]).strip()


def issuing_body(name: str, kind: str, *, authority: str, province: str) -> IssuingBody:
    """The unit as the issuer of its own documents. `authority`: the province's people's
    committee as written above an agency ("UBND tỉnh Điện Biên"); `province`: the province's
    place name ("Điện Biên")."""
    name = _words(name)
    if not is_peoples_committee(kind):
        return IssuingBody(superior=_words(authority), name=(name,), place=_words(province))
    own = _cut(name, COMMITTEE_PREFIX)
    return IssuingBody(
        superior="",
        name=(PEOPLES_COMMITTEE, own),
        place=_cut(own, PLACE_PREFIX) or own,
    )


def signature(position: str, name: str, kind: str) -> Signature:
    """The signature block of the unit's head from the position on their account (chức vụ).
    No position: blanks (a document is signed by hand all the same)."""
    title = _cut(_words(position), TITLE_SUFFIX)
    folded = title.casefold()
    if not title:
        return Signature(lines=(), name=_words(name))
    if folded.endswith(IN_CHARGE):  # a deputy in charge signs as a deputy (Decree 30)
        title = title[: -len(IN_CHARGE)]
        folded = title.casefold()
    if folded.startswith(DEPUTY):
        head = title[len(DEPUTY) :]
        lines = (f"KT. {head}", title)
    elif folded.startswith(ACTING):
        lines = (f"Q. {title[len(ACTING) :]}",)
    else:
        head, lines = title, (title,)
    if is_peoples_committee(kind) and fold(head) == "chu tich":
        lines = (f"TM. {PEOPLES_COMMITTEE}", *lines)
    return Signature(lines=tuple(line.upper() for line in lines), name=_words(name))


def is_deputy(position: str) -> bool:
    """A deputy's position ("Phó Giám đốc", "Phó Chủ tịch UBND xã")."""
    return fold(position).startswith(fold(DEPUTY))


def formal_name(name: str, kind: str) -> str:
    """The unit as a sentence names it: a people's committee by its committee ("UBND xã Mường
    Phăng"), any other unit by its name."""
    name = _words(name)
    if not is_peoples_committee(kind) or COMMITTEE_PREFIX.match(fold(name)):
        return name
    return f"UBND {name[:1].lower()}{name[1:]}"
