"""Swedish text folding for matching: case, å/ä/ö, punctuation, light stemming."""

from __future__ import annotations

import re
import unicodedata

_TRANS = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "a", "ø": "o"})
_NON_WORD = re.compile(r"[^\w\s.,%-]+", re.UNICODE)

# definite and plural endings, longest first ("arbetslösheten" -> "arbetslöshet")
_SUFFIXES = (
    "heterna", "arnas", "ernas", "ornas", "arna", "erna", "orna", "andet", "endet",
    "heten", "ens", "ets", "en", "et", "na", "ar", "er", "or", "n", "s",
)


def fold(text: str) -> str:
    """Lower case, NFKC, å/ä/ö to a/a/o, whitespace collapsed."""
    s = unicodedata.normalize("NFKC", text).lower().translate(_TRANS)
    s = "".join(ch for ch in s if unicodedata.category(ch)[0] != "C" or ch in "\n\t ")
    return " ".join(s.split())


def stem(word: str) -> str:
    """A light Swedish stemmer: strips one definite/plural ending from a folded word."""
    if word.endswith("heten") and len(word) > 7:
        return word[:-2]
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            return word[: -len(suf)]
    return word


def words(text: str) -> list[str]:
    """Folded words of a text, punctuation removed."""
    return re.findall(r"[\w]+", fold(text))


def normalise(text: str) -> str:
    """Folded and stemmed words joined by spaces: the form the matcher compares."""
    return " ".join(stem(w) for w in words(text))
