"""Names as people search for them."""

from __future__ import annotations

import unicodedata


def search_name(*names: str | None) -> str:
    """Lower-case, accent-free, punctuation-free: "Zoë O'Brien-Smith" → "zoe obriensmith"."""
    joined = " ".join(n for n in names if n)
    # The Turkish dotless i has no decomposition of its own.
    decomposed = unicodedata.normalize("NFKD", joined.replace("\u0131", "i"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c for c in word if c.isalnum()) for word in bare.casefold().split())
