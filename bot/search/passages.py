"""The best passages of the documents for a question, shortened around the words that
matched, each with its source ("Verksamhetsberättelse 2024 · Driftresultat årsbokslut")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.search.stemming import query_stems, stem, words
from store import sections as sql
from store.db import Store

SNIPPET = 320  # characters of a shortened passage, about three lines in chat
_SENTENCE = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÅÄÖ0-9\"”(-])")


@dataclass(frozen=True)
class Passage:
    document: str
    heading: str
    parent: str | None
    text: str  # shortened around the matched words
    full: str
    rank: float  # BM25 (lower is better)
    matched: tuple[str, ...]  # the question's stems found in the passage or its heading
    wanted: tuple[str, ...]  # all the question's stems
    kind: str = ""  # the document's kind (uppdragsplan, verksamhetsberattelse …)

    @property
    def source(self) -> str:
        """"Verksamhetsberättelse 2024 · Förväntad utveckling · Strategisk utredning initieras"."""
        parent = f"{self.parent} · " if self.parent else ""
        return f"{self.document} · {parent}{self.heading}"

    @property
    def coverage(self) -> float:
        return len(self.matched) / len(self.wanted) if self.wanted else 0.0


def fts_query(stems: list[str]) -> str:
    """An FTS5 query for any of the stems; a stem of four letters or more also matches as
    the start of a longer word (Swedish compounds: "effektivisering" → "effektiviseringskrav")."""
    terms = []
    for s in stems:
        quoted = '"' + s.replace('"', '""') + '"'
        terms.append(quoted + ("*" if len(s) >= 4 else ""))
    return " OR ".join(terms)


def _matched(stems: list[str], text: str) -> tuple[str, ...]:
    have = {stem(w) for w in words(text)}
    return tuple(s for s in stems if any(h == s or (len(s) >= 4 and h.startswith(s))
                                         for h in have))


def shorten(text: str, stems: list[str], limit: int = SNIPPET) -> str:
    """The sentences of ``text`` around those holding most of the stems, at most about
    ``limit`` characters, with "…" where text is left out."""
    if len(text) <= limit:
        return text
    sentences = _SENTENCE.split(text)
    scores = [len(_matched(stems, s)) for s in sentences]
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    lo = hi = best
    size = len(sentences[best])
    while True:
        grown = False
        if hi + 1 < len(sentences) and size + len(sentences[hi + 1]) + 1 <= limit:
            hi += 1
            size += len(sentences[hi]) + 1
            grown = True
        if lo > 0 and size + len(sentences[lo - 1]) + 1 <= limit and scores[lo - 1]:
            lo -= 1
            size += len(sentences[lo]) + 1
            grown = True
        if not grown:
            break
    out = " ".join(sentences[lo:hi + 1])
    if len(out) > limit + 40:  # one long sentence: cut at a word near the matches
        out = out[: limit].rsplit(" ", 1)[0]
        return ("… " if lo > 0 else "") + out + " …"
    return ("… " if lo > 0 else "") + out + (" …" if hi < len(sentences) - 1 else "")


def find(store: Store, question: str, limit: int = 2, pool: int = 12,
         prefer: str | None = None) -> list[Passage]:
    """The best ``limit`` passages for the question: BM25 over stems, then those that hold
    more of the question's words first, those of the document kind ``prefer`` ("uppdragsplan"
    when the question says "planen") before others. At most one passage per section."""
    stems = query_stems(question)
    if not stems:
        return []
    rows = sql.search(store, fts_query(stems), limit=pool)
    found: list[Passage] = []
    for r in rows:
        matched = _matched(stems, f"{r['parent'] or ''} {r['heading']} {r['text']}")
        found.append(Passage(document=r["doc_title"], heading=r["heading"], parent=r["parent"],
                             text=shorten(r["text"], stems), full=r["text"], rank=r["rank"],
                             matched=matched, wanted=tuple(stems), kind=r["doc_kind"]))
    found.sort(key=lambda p: (-len(p.matched), p.kind != prefer, p.rank))
    out: list[Passage] = []
    seen: set[tuple[str, str]] = set()
    for p in found:
        if (p.document, p.heading) in seen:
            continue
        seen.add((p.document, p.heading))
        out.append(p)
        if len(out) >= limit:
            break
    return out
