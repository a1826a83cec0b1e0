"""Text normalisation shared by forms, imports and search."""

import unicodedata

from django.utils import translation
from django.utils.functional import Promise


def nfc(value: str) -> str:
    """Text pasted from Word or typed on macOS may arrive decomposed (NFD); store NFC only."""
    return unicodedata.normalize("NFC", value)


def vietnamese(label: str | Promise) -> str:
    """A translatable label's Vietnamese words whatever the active language: its message id, since
    Vietnamese is the language of record. For words that belong to a file format (the Excel
    template's drop-downs), which must read back the same in every interface language."""
    with translation.override(None):
        return str(label)


# The stroked D, and the Icelandic eth that looks the same and comes from some keyboards and
# converted files: both are "d" to search and "đ" to sort.
STROKED_D = str.maketrans({"Đ": "D", "đ": "d", "\u00d0": "D", "\u00f0": "d"})
ETH_AS_D = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ"})


def fold(value: str) -> str:
    """A search key without diacritics: "Điện Biên" -> "dien bien".

    PostgreSQL's unaccent does not exist on SQLite, so a folded column is kept on both.
    """
    decomposed = unicodedata.normalize("NFD", value.translate(STROKED_D))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


# The Vietnamese alphabet: letters with a breve, circumflex, horn or stroke are letters of their
# own, after their base letter; tone marks only break ties, in the dictionaries' (and CLDR's)
# order: ngang, huyền, hỏi, ngã, sắc, nặng.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def collation_key(value: str) -> tuple:
    """A sort key in Vietnamese alphabetical order: "Chà Tở" before "Chiềng Sinh", "Mường Ảng"
    after "Mường Tùng" is wrong in code-point order and right here."""
    letters: list[tuple[tuple[int, int], str]] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", value.translate(ETH_AS_D).lower()):
        if char in TONES:
            if tones:
                tones[-1] = TONES[char]
            continue
        if unicodedata.combining(char) and letters:
            # A breve, circumflex or horn joins the letter before it.
            base = unicodedata.normalize("NFC", letters[-1][1] + char)
            letters[-1] = (_rank(base), base)
            continue
        letters.append((_rank(char), char))
        tones.append(0)
    return tuple(rank for rank, _char in letters), tuple(tones), value


def _rank(char: str) -> tuple[int, int]:
    # Spaces, digits and punctuation come before the letters: "Na Son" before "Nam Po".
    position = ALPHABET.find(char)
    return (1, position) if position >= 0 else (0, ord(char))
