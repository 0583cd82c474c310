"""Swedish text folding for matching: case, å/ä/ö, punctuation, light stemming."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TRANS = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "a", "ø": "o"})

# definite and plural endings, longest first ("arbetslösheten" -> "arbetslöshet")
_SUFFIXES = (
    "heterna", "arnas", "ernas", "ornas", "arna", "erna", "orna", "andet", "endet",
    "heten", "ena", "ens", "ets", "en", "et", "na", "ar", "er", "or", "n", "s",
)


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case, NFKC, å/ä/ö to a/a/o, control and format characters out, whitespace
    collapsed. Cached: the same names and questions are folded again and again."""
    s = unicodedata.normalize("NFKC", text).lower().translate(_TRANS)
    if not s.isprintable():  # rare: only then look at each character's category
        s = "".join(ch for ch in s if unicodedata.category(ch)[0] != "C" or ch in "\n\t ")
    return " ".join(s.split())


def stem(word: str) -> str:
    """A light Swedish stemmer: strips definite/plural endings from a folded word, until
    none is left, so that every form of a word meets in one stem ("polisen" → "polis" →
    "poli", and "polis" → "poli"; "arbetsställena", "arbetsställen" → "arbetsstall")."""
    for ending in ("heterna", "heten"):  # "arbetslösheten" → "arbetslöshet"
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending) + 3]
    if word.endswith("het"):
        return word
    for _ in range(3):
        for suf in _SUFFIXES:
            if word.endswith(suf) and len(word) - len(suf) >= 4:
                word = word[: -len(suf)]
                break
        else:
            return word
    return word


def words(text: str) -> list[str]:
    """Folded words of a text, punctuation removed."""
    return re.findall(r"[\w]+", fold(text))


# a question asking when: "när ska … vara klart?", "och när …", "vilket datum …", "vilket år",
# "when will …" (the sentence with a year or a month answers it; a card of amounts does not)
_WHEN = re.compile(r"^\W*(?:(?:och|men|ok)\W+)?(?:n[aä]r|when)\b|\bvilket\s+(?:[aå]r|datum)\b|"
                   r"\bvilken\s+m[aå]nad\b", re.IGNORECASE)


def asks_when(question: str) -> bool:
    """"när vinner översiktsplanen laga kraft?": a time is asked."""
    return bool(_WHEN.search(question))
