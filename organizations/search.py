"""Search that ignores diacritics and case: "ceska lipa" finds "Česká Lípa", on SQLite and PostgreSQL alike."""

import unicodedata


def normalize(text: str) -> str:
    """Lower-case, without diacritics and with single spaces: the form names are stored and searched in."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())
