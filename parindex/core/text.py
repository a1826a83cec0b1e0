"""Text normalisation shared by forms, imports and search."""

import unicodedata


def nfc(value: str) -> str:
    """Text pasted from Word or typed on macOS may arrive decomposed (NFD); store NFC only."""
    return unicodedata.normalize("NFC", value)


def fold(value: str) -> str:
    """A search key without diacritics: "Điện Biên" -> "dien bien".

    PostgreSQL's unaccent does not exist on SQLite, so a folded column is kept on both.
    """
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
