"""Fuzzy matching of user words against the live vocabulary of the store.

Each vocabulary entry (an indicator, an uppdrag title, a målområde, a verksamhet, a
project, an årshjul event) is a set of folded, stemmed words. A query's content words
are matched word by word with rapidfuzz (typos), weighted by how rare a word is in the
vocabulary (IDF), and entries are ranked by the weight they gather plus how much of the
entry the query covers. Thresholds are measured on the query corpus (bench/accuracy.py).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.text import stem, words

# A query word matches a vocabulary word at this similarity (0–100) or above.
WORD_THRESHOLD = 84
# Entries need at least this score to count as a match at all.
MIN_SCORE = 0.9
# The runner-up counts as "also matching" within this fraction of the best score.
ALSO_RATIO = 0.8

STOPWORDS = set(
    """
    a alla allt andra att av bara blir berätta de dem den denna det detta du eller en er ett
    fler for fr fra fran ga gar gor ha har hej hur i idag info information ingen inom ja jag
    just kan kanske kolla kring kommer lage laget lite man med mig min mitt mycket manga na
    nagon nagot nagra nar nu nuvarande och om pa per sa se sedan ska skulle snalla som star
    status tack till tillfallet typ under upp ut vad var vara vart veta vi vill visa vilka
    vilken vilket ar aret hallo halla tja hejsan finns find ge gav got du kolla lista listan
    senaste aktuell aktuella aktuellt tala kommunen askersund askersunds kommuns mellan
    fick fa bli nummer nr ok okej please mej dej sig sin sina sitt
    """.split()
)


def content_words(text: str) -> list[str]:
    """The words of a query worth matching: folded, stemmed, stopwords and numbers out."""
    out = []
    for w in words(text):
        if w in STOPWORDS or w.isdigit() or len(w) < 3:
            continue
        out.append(stem(w))
    return out


@dataclass
class Entry:
    kind: str  # "indikator", "uppdrag", "malomrade", "verksamhet", "projekt", "arshjul"
    key: str  # slug, uppdrag key, number, code, name
    label: str  # what to show
    words: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float
    coverage: float


class Index:
    """An inverted index of vocabulary words with IDF weights."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.by_word: dict[str, list[int]] = defaultdict(list)
        for n, e in enumerate(entries):
            for w in e.words:
                self.by_word[w].append(n)
        total = max(1, len(entries))
        self.idf = {w: math.log(1 + total / len(ns)) for w, ns in self.by_word.items()}
        self.vocab = list(self.by_word)
        self._cache: dict[str, list[tuple[str, float]]] = {}

    @staticmethod
    def entry(kind: str, key: str, label: str, *texts: str) -> Entry:
        ws: set[str] = set()
        for t in texts:
            ws.update(content_words(t))
        return Entry(kind, key, label, ws)

    def similar(self, word: str) -> list[tuple[str, float]]:
        """Vocabulary words like ``word`` with their similarity 0..1."""
        if word in self._cache:
            return self._cache[word]
        out: list[tuple[str, float]] = []
        if word in self.by_word:
            out.append((word, 1.0))
        for cand, score, _ in process.extract(
            word, self.vocab, scorer=fuzz.ratio, score_cutoff=WORD_THRESHOLD, limit=8
        ):
            if cand != word:
                out.append((cand, score / 100))
        # compounds: "bostadsutveckling" inside "bostadsutvecklingsplan", or the reverse
        if len(word) >= 6:
            for cand in self.vocab:
                if cand != word and len(cand) >= 6 and (word in cand or cand in word):
                    shorter = min(len(cand), len(word)) / max(len(cand), len(word))
                    if shorter >= 0.5:
                        out.append((cand, 0.75 + 0.2 * shorter))
        self._cache[word] = out
        return out

    def search(self, text: str, kinds: set[str] | None = None, limit: int = 5) -> list[Match]:
        """Entries matching the content words of ``text``, best first."""
        qwords = content_words(text)
        if not qwords:
            return []
        gathered: dict[int, dict[str, float]] = defaultdict(dict)
        for q in qwords:
            for cand, sim in self.similar(q):
                for n in self.by_word[cand]:
                    e = self.entries[n]
                    if kinds and e.kind not in kinds:
                        continue
                    got = gathered[n]
                    weight = sim * self.idf[cand]
                    if weight > got.get(cand, 0):
                        got[cand] = weight
        results = []
        for n, got in gathered.items():
            e = self.entries[n]
            coverage = len(got) / max(1, len(e.words))
            score = sum(got.values()) + 0.5 * coverage
            if score >= MIN_SCORE:
                results.append(Match(e, score, coverage))
        results.sort(key=lambda m: (-m.score, -m.coverage, m.entry.label))
        return results[:limit]
