"""Fuzzy matching of user words against the live vocabulary of the store.

Each vocabulary entry (an indicator, an uppdrag title, a målområde, a verksamhet, a
project, an årshjul event) has one or more *phrases* (its name and its aliases), each a
tuple of folded, stemmed words. A query's content words are matched word by word with
rapidfuzz (typos) and by compound containment ("bostadsutvecklingen" in
"bostadsutvecklingsplan"), weighted by how rare the vocabulary word is (IDF). An entry's
score is the weight its matched words gather (each query word counted once, at its best)
plus how completely the query covers its best phrase, so "sjukfrånvaro" prefers the
indicator whose alias *is* "sjukfrånvaro" over the ones that merely mention it.

The thresholds below were chosen by measurement on the query corpus with
``bench/accuracy.py`` (a sweep over all three); see the comment at each.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.domain import synonyms
from bot.domain.text import stem, words

# Chosen by measurement on the query corpus (tests/corpus.yaml, 370 questions) with
# bench/accuracy.py, which sweeps each threshold with the other two fixed and checks a grid
# around the chosen point; bench/README.md ("Intent accuracy") has the latest numbers.
#
# A query word matches a vocabulary word at this rapidfuzz ratio (0–100) or above.
# Measured on 370 questions: 100 % intent accuracy from 82 to 86; on 703 (issue 14's honest
# answers included), from 84 to 86: at 82 "skolmaten" ~ "skola" and "socialtjänst" ~
# "socialtjänstfråga" are confident wrong answers. Below, near-spellings of other words win
# ("skolresultat" ~ "HME-resultat", "villatomter" ~ "villor", "krisberedskap": 98.9 %
# at 78–80); above, real typos are lost ("företagsvänlighet" at 88; "sjukfånvaro",
# "arbetstallen", "arbetslöshten", "bostadsutvekclingen" at 100: 97.8 %). 84 is the middle.
WORD_THRESHOLD = 84
# An entry needs this score to count as a match. Scores are in units of a word that only
# one entry has (Index.unit), so the threshold means the same for Orsa's 18 årshjul events
# and a 2,700-entry synthetic plan. Measured: 100 % from 0 to 0.4; above 0.4 the weakest
# right answers are lost, those found only in a description or an analysis note ("asbest"
# scores 0.42, "polisen" and "va-anslutning" about 0.5). No wrong match in the corpus
# scores below 0.4, so the lower end is set by reasoning, not by a miss: 0.3 is above the
# score of a word that a third of all entries share (log 4 / log 126 ≈ 0.28 on the demo
# plan), which says nothing.
MIN_SCORE = 0.3
# The runner-up of the same kind is listed as "also matching" under the best (and uppdrag
# that share a word are listed together) when its score is at least this fraction of the
# best. Measured: 100 % from 0.6 to 0.7. At 0.55 "hur många nya företag har startats?"
# also lists Arbetsställen, at 0.5 "Upparbetad upplåning" and "medarbetare per chef" lists
# "Personalomsättning chefer"; from 0.75 "vilka uppdrag handlar om hållbar utveckling"
# gets one card instead of the list, and from 0.85 "sjukfrånvaro" no longer lists the two
# sjukskrivnings-indicators. 0.65 is the middle of the plateau.
ALSO_RATIO = 0.65

# weight of the phrase coverage term in the score
COVER_WEIGHT = 1.0
# a word found only in an entry's description counts this much of a word in its name
EXTRA_WEIGHT = 0.5
# a word found as another word of its synonym group (bot/domain/synonyms.py) counts this
# much of that word: the word itself or its spelling, where the plan has it, wins
SAID_OTHERWISE = 0.9
# a small prior so that a målområde's own short name ("Företagsklimat") wins a tie
# against an alias of an indicator in that målområde
KIND_PRIOR = {"malomrade": 0.15, "uppdrag": 0.05, "indikator": 0.05}

STOPWORDS = frozenset(
    ["a", "alla", "allt", "andra", "att", "av", "bara", "blir", "berätta", "berattar", "de", "dem", "dom", "den", "denna", "det", "detta", "du", "eller", "en", "er", "ett", "fler", "for", "fr", "fra", "fran", "ga", "gar", "gor", "ha", "har", "hej", "hur", "i", "idag", "info", "information", "ingen", "inom", "ja", "jag", "just", "kan", "kanske", "kolla", "kring", "kommer", "lage", "laget", "lite", "man", "med", "mig", "min", "mitt", "mycket", "manga", "na", "nagon", "nagot", "nagra", "nar", "nu", "nuvarande", "och", "om", "pa", "per", "sa", "se", "sedan", "ska", "skulle", "snalla", "som", "star", "tack", "till", "tillfallet", "typ", "under", "upp", "ut", "vad", "var", "vara", "vart", "veta", "vi", "vill", "visa", "vilka", "vilken", "vilket", "ar", "aret", "hallo", "halla", "tja", "hejsan", "finns", "ge", "gav", "got", "kolla", "kollar", "checka", "checkar", "lista", "listan", "senaste", "aktuell", "aktuella", "aktuellt", "tala", "kommunen", "askersund", "askersunds", "kommuns", "mellan", "bland", "fick", "fa", "far", "bli", "nummer", "nr", "ok", "okej", "please", "mej", "dej", "sig", "sin", "sina", "sitt", "hos", "fram", "genom", "gang", "ganger", "hela", "hur", "dags", "nagonting", "nanting", "dagens", "undrar", "undra", "fundera", "funderar", "tror", "tycker", "behover", "behov", "vet", "snabbt", "kort", "kortfattat", "garna", "vanligen", "vanlig", "hjalpa", "hjalp", "mer", "mest", "lange", "nagonstans", "dar", "dit", "hit", "har", "hela", "ens", "annars", "ocksa", "aven", "dessutom", "iaf", "sen", "ju", "alltsa", "sager", "saga", "hander", "handa", "varit", "blivit", "arbete", "arbetet", "efter", "stor", "stora", "storre", "hog", "hoga", "hogt", "liten", "sak", "saker", "grej", "grejer", "kommun", "kommuner", "kommunerna", "sverige", "sveriges", "landets", "fatt", "hade", "blev", "drabbades", "drabbade", "drabbats", "landade", "hamnade", "slutade", "gjort", "gjorde", "gor", "gora", "goras", "gors", "gjordes", "gjorts", "kvar", "fortfarande", "redan", "igen", "egentligen", "ungefar", "typ", "andel", "andelen", "antal", "antalet", "aren", "arens", "over", "how", "much", "many", "did", "does", "do", "are", "is", "the", "which", "what", "whats", "who", "when", "in", "of", "on", "we", "our", "me", "show", "go", "went", "tell", "about", "can", "you", "could", "would", "give", "want", "need", "get", "any", "there",
     # a decision's past verb asks when or who, it names nothing ("när beslutades målstrukturen?")
     "beslutades", "beslutade", "beslutat", "beslutats",
     # a preamble: "snabb fråga: …", "en fundering: …"
     "snabb", "snabba", "snabbfraga", "fundering", "funderingar", "undran",
     # how a figure moved asks its trend, it names nothing ("har sjukfrånvaron minskat?" is
     # not uppdrag 5.3 "… minskad sjukfrånvaro")
     "minskat", "minskats", "minskar", "minskade", "okat", "okats", "okar", "okade",
     # what a thing depends on or what became of it asks the reason, it names nothing
     # ("vad beror underskottet på?", "vad hände med vård- och omsorgslokalerna?")
     "beror", "berodde", "hande",
     # what a thing concerns asks what is about it, it names nothing: "vilka uppdrag rör
     # socialtjänsten?" (not 3.4's "utredningar som rör stadens utveckling"), as "berör"
     "ror", "rorde", "rors",
     # stopped doing ("vad har vi slutat med?") names nothing, and is no "slutdatum" mistyped
     "slutat",
     # English fillers and verbs mixed into Swedish chat ("how many new businesses started
     # this year?"): the nouns are written in Swedish (bot/domain/english.py), these name nothing
     "started", "improve", "improved", "improving", "increase", "increased",
     "decrease", "decreased", "better", "worse", "doing", "going", "getting", "got", "gotten",
     "look", "looks", "like",
     "right", "now", "currently", "current", "latest", "new", "will", "be", "been", "has",
     "have", "had", "was", "were", "from", "to", "and", "or", "it", "its", "by", "with",
     "up", "down", "this", "that", "these", "those", "okay", "happen", "happened",
     "happening", "done", "planned", "year", "years", "all",
     # chat's short forms of någon, något, några (folded): "finns det nån indikator som är röd?"
     "nan", "nat", "ngn", "ngt", "ngra", "ngon", "nagn",
     # belonging asks what is inside, it names nothing: "vilka indikatorer hör dit?"
     "hor", "hora", "horde", "tillhor", "tillhora", "tillhorde",
     # a question's frame, not a name: "vad handlar målområde 3 om?"
     "handlar", "handlade", "handla",
     # how the work is done, as "arbetar" ("hur jobbar vi med trygghet?")
     "jobbar", "jobba", "jobbat", "jobbade",
     # haste, said before the question ("asap: budget färdtjänst 2026")
     "asap", "snarast", "bradis", "pronto", "urgent", "quick", "quickly", "question",
     # a goal "set" by KF names nothing ("vilka strategiska mål har KF satt?")
     "satt", "satte", "satts",
     # getting ready for a meeting names nothing: "vad ska jag förbereda inför ks?"
     "forbereda", "forbereder", "forberedas", "forbereds", "forberett", "infor", "harnast",
     # what is done asks the work, it names nothing: "våld i nära relationer, vad görs?"
     "gors", "gjorts"]
)


# the stems of the longer stopwords: "kommunens" → "kommu", the stem of "kommun"
STOP_STEMS = frozenset(stem(w) for w in STOPWORDS if len(w) >= 5)


def content_words(text: str) -> list[str]:
    """The words of a text worth matching: folded, stemmed, stopwords and numbers out."""
    out = []
    for w in words(text):
        if w in STOPWORDS or w.isdigit() or len(w) < 3:
            continue
        s = stem(w)
        # a stem that is a short stopword drops an inflection of it ("arets"), not a longer
        # word of its own ("villor" → "vill")
        if (s not in STOPWORDS or len(w) >= 6) and s not in STOP_STEMS:
            out.append(s)
    return out


@dataclass
class Entry:
    kind: str  # "indikator", "uppdrag", "malomrade", "verksamhet", "projekt", "arshjul"
    key: str  # slug, uppdrag key, number, code, name, position
    label: str  # what to show
    words: set[str] = field(default_factory=set)
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    extra: set[str] = field(default_factory=set)  # words of its description: weaker evidence


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float
    coverage: float  # how much of its best phrase the query covered, 0..1
    matched: frozenset[str] = frozenset()  # the query words it explains


class Index:
    """An inverted index of vocabulary words with IDF weights."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.by_word: dict[str, list[int]] = defaultdict(list)
        for n, e in enumerate(entries):
            for w in e.words | e.extra:
                self.by_word[w].append(n)
        total = max(1, len(entries))
        self.idf = {w: math.log(1 + total / len(ns)) for w, ns in self.by_word.items()}
        # scores are given in units of a word that only one entry has, so that thresholds
        # mean the same in a small vocabulary (Orsa's årshjul) and a large one
        self.unit = math.log(1 + total)
        self.vocab = list(self.by_word)
        self.vocab_set = frozenset(self.by_word)
        self._cache: dict[tuple[str, int, bool, bool, bool], list[tuple[str, float, bool]]] = {}

    @staticmethod
    def entry(kind: str, key: str, label: str, *texts: str, extra: str | None = None) -> Entry:
        """An entry whose phrases are ``texts`` (name first, then aliases); the words of
        ``extra`` (a description) match too, at EXTRA_WEIGHT, and count for no phrase."""
        phrases = []
        spelt = [v for name in texts for v in _ellipsis_spelt_out(name)]
        for t in (*texts, *spelt):
            ws = tuple(dict.fromkeys(content_words(t)))
            if ws:
                phrases.append(ws)
        all_words = {w for p in phrases for w in p}
        more = set(content_words(extra)) - all_words if extra else set()
        return Entry(kind, key, label, all_words, phrases, more)

    def similar(self, word: str, threshold: int | None = None, compounds: bool = False,
                root: bool = True, abbrev: bool = False) -> list[tuple[str, float, bool]]:
        """Vocabulary words like ``word``: (word, similarity 0..1, by compound?).

        Typos are found with rapidfuzz's ratio. Compounds: the query word may be the start or
        the end of a vocabulary word ("gymnasi" → "gymnasieskola", "sjukfrånvaro" →
        "korttidssjukfrånvaro"), or a vocabulary word may start the query word
        ("bostadsutvecklingsplan" → "bostadsutveckling"). A vocabulary word that only ends
        the query word is a different thing ("skolresultat" is not "HME-resultat").
        ``compounds``: look for compounds also of a word the vocabulary has (a budget
        question's "besöksnäring" in "Besöksnäringsverksamhet", though an indicator has it).
        ``abbrev``: the word was written with four letters as it stands (no stem of a longer
        word), so it may be a chat abbreviation of a longer one.
        """
        cutoff = WORD_THRESHOLD if threshold is None else threshold
        ck = (word, cutoff, compounds, root, abbrev)
        hit = self._cache.get(ck)
        if hit is not None:
            return hit
        best: dict[str, tuple[float, bool]] = {}
        exact = word in self.by_word
        if exact:
            best[word] = (1.0, False)
        if len(word) >= 4:
            for cand, score, _ in process.extract(
                word, self.vocab, scorer=fuzz.ratio, score_cutoff=cutoff, limit=8
            ):
                if cand != word:
                    # a word that only ends the query word is no typo of it but a compound's
                    # last part: a more particular thing ("målstruktur" is not the
                    # "struktur" of uppdrag 1.2), a reading to offer, not to answer with
                    tail = len(word) - len(cand) >= 3 and word.endswith(cand)
                    best[cand] = (score / 100, tail)
        # compounds only for a word the vocabulary does not have itself: "vision" is not
        # "revision", "personal" is not "personalomsättning"
        if len(word) >= 5 and (compounds or not exact):
            for cand, _score, _ in process.extract(
                word, self.vocab, scorer=fuzz.partial_ratio, score_cutoff=100, limit=None
            ):
                if cand == word or cand in best or len(cand) < 5:
                    continue
                ratio = min(len(cand), len(word)) / max(len(cand), len(word))
                if len(cand) > len(word):
                    # the first part of a compound may be short ("bostad" → "bostadsutveckling")
                    ok = (cand.startswith(word) and (ratio >= 0.5 or len(word) >= 6 or (
                        # a short first part joined by a linking e or s to a long word
                        # ("skatt" → "skatteintäkter")
                        cand[len(word)] in "es" and len(cand) - len(word) > 5))) or (
                        # the last part of a compound, after a first part of its own
                        # ("kris|beredskap"): not a word's own first syllable ("re|vision")
                        cand.endswith(word) and ratio >= 0.5 and len(cand) - len(word) >= 3)
                else:
                    ok = word.startswith(cand) and ratio >= 0.5
                if ok:
                    best[cand] = (0.75 + 0.2 * ratio, True)
        if abbrev and len(word) == 4 and not best:
            # a chat abbreviation, four letters cut from a longer word ("nyst företag" is
            # Nystartade företag): the start of one or two vocabulary words, when the word
            # is no word of the vocabulary and no spelling of one, and was written so (the
            # stem "tomt" of "tomter" is a word of its own)
            starts = [v for v in self.vocab if len(v) >= 7 and v.startswith(word)]
            if 0 < len(starts) <= 2:
                for cand in starts:
                    best[cand] = (0.75, True)
        if root and compounds and len(word) >= 6 and word.endswith(("ism", "ist")):
            # the -ism of an -ist and back, in the search for compounds (a budget question's:
            # "budget turism" → "Turistverksamhet"): one root, the same thing in a plan
            other = word[:-1] + ("t" if word.endswith("ism") else "m")
            for cand, sim, comp in self.similar(other, threshold, compounds, root=False):
                if cand not in best:
                    best[cand] = (sim * 0.95, comp)
        out = sorted(((w, s, comp) for w, (s, comp) in best.items()), key=lambda t: -t[1])
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[ck] = out
        return out

    def _said_otherwise(self, word: str, threshold: int | None, compounds: bool
                        ) -> list[tuple[str, float, bool]]:
        """The vocabulary's words for a word it lacks that the plan says otherwise
        (bot/domain/synonyms.py: "brandkåren" is Räddningstjänst, "slopas" "överges"),
        a little below the word itself; none when the vocabulary has none of them."""
        found: dict[str, tuple[float, bool]] = {}
        for other in synonyms.others(word):
            for s in content_words(other):
                for cand, sim, comp in self.similar(s, threshold, compounds):
                    if sim * SAID_OTHERWISE > found.get(cand, (0.0, False))[0]:
                        found[cand] = (sim * SAID_OTHERWISE, comp)
        return sorted(((w, s, comp) for w, (s, comp) in found.items()), key=lambda t: -t[1])

    def heads(self, word: str) -> list[str]:
        """The first parts of a compound the vocabulary lacks that begin words it has, longest
        first ("bostadsfrågan" → "bostadsf" (bostadsförsörjning), "bostads" (bostadsutveckling,
        bostadsrätter) …): topics to offer readings by, never a match to answer with. None for
        a word the vocabulary has."""
        if word in self.vocab_set or len(word) < 8:
            return []
        return [word[:end] for end in range(len(word) - 3, 4, -1)
                if any(v.startswith(word[:end]) and v != word for v in self.vocab)]

    def search(self, text: str | list[str], kinds: set[str] | None = None, limit: int = 5,
               boost: dict[str, float] | None = None, threshold: int | None = None,
               min_score: float | None = None, compounds: bool = False,
               short: frozenset[str] | set[str] = frozenset()) -> list[Match]:
        """Entries matching the content words of ``text`` (or the given words), best first.

        ``boost`` adds a per-kind bonus (the parser's intent words); ``threshold`` and
        ``min_score`` loosen the match for suggestions. ``short``: the question's words as
        written with four letters, perhaps chat abbreviations ("nyst"); a text's are found here.
        """
        qwords = content_words(text) if isinstance(text, str) else list(text)
        if not qwords:
            return []
        # words written with four letters, perhaps a chat abbreviation ("nyst")
        if isinstance(text, str):
            short = {w for w in words(text) if len(w) == 4}
        # per entry: query word -> its best weight there; vocabulary word -> best similarity
        weights: dict[int, dict[str, float]] = defaultdict(dict)
        sims: dict[int, dict[str, float]] = defaultdict(dict)
        for q in dict.fromkeys(qwords):
            # a query word carries its own information: a compound that contains it is
            # not rarer than the word itself ("sjukfrånvaro" in "korttidssjukfrånvaro")
            cap = self.idf.get(q)
            cands = self.similar(q, threshold, compounds, abbrev=q in short) or \
                self._said_otherwise(q, threshold, compounds)
            # a compound never outweighs the word itself or a close spelling of it
            direct = max((s * self.idf[w] for w, s, comp in cands if not comp and s >= 0.9),
                         default=None)
            for cand, sim, compound in cands:
                idf = self.idf[cand] if cap is None else min(cap, self.idf[cand])
                weight = sim * idf
                if compound and direct is not None:
                    weight = min(weight, 0.95 * direct)
                for n in self.by_word[cand]:
                    e = self.entries[n]
                    if kinds and e.kind not in kinds:
                        continue
                    in_name = cand in e.words
                    if not in_name and sim < 1.0 and not (compound and cand.startswith(q)):
                        # in a description only the word itself, or the start of a longer
                        # word ("asbest" → "asbestsanering"), is a clue; a near-spelling
                        # ("elevantal" ~ "relevanta") or a word inside it is not
                        continue
                    got = weights[n]
                    w = weight if in_name else weight * EXTRA_WEIGHT
                    if w > got.get(q, 0.0):
                        got[q] = w
                    seen = sims[n]
                    if sim > seen.get(cand, 0.0):
                        seen[cand] = sim
        floor = MIN_SCORE if min_score is None else min_score
        results = []
        for n, got in weights.items():
            e = self.entries[n]
            seen = sims[n]
            coverage = max((sum(seen.get(w, 0.0) for w in p) / len(p) for p in e.phrases),
                           default=0.0)
            score = sum(got.values()) + COVER_WEIGHT * coverage
            score += KIND_PRIOR.get(e.kind, 0.0)
            if boost:
                score += boost.get(e.kind, 0.0)
            score /= self.unit
            if score >= floor:
                results.append(Match(e, score, coverage, frozenset(got)))
        results.sort(key=lambda m: (-m.score, -m.coverage, m.entry.label))
        return results[:limit]


def also_matching(matches: list[Match]) -> list[Match]:
    """The runners-up of the best match's kind within ALSO_RATIO of its score."""
    if not matches:
        return []
    best = matches[0]
    return [m for m in matches[1:]
            if m.entry.kind == best.entry.kind and m.score >= best.score * ALSO_RATIO]


# Two matches this close in score are a tie (the rounding of the coverage term, as
# handlers/questions.py's TIE_RATIO): the question's other words decide between them.
TIE = 0.97


def prefer_named(matches: list[Match], words: list[str]) -> list[Match]:
    """The matches, with those tied with the best reordered by how many of ``words`` (the
    question's intent words, stemmed) their names hold: "gemensamma verksamheter" is
    92 Gemensamma verksamheter, not 91 Gemensamma lokaler, though "verksamheter" is a
    budget word and so no content word."""
    if len(matches) < 2 or not words:
        return matches
    best = matches[0]
    tied = [m for m in matches if m.entry.kind == best.entry.kind and m.score >= best.score * TIE]
    if len(tied) < 2:
        return matches
    named = sorted(tied, key=lambda m: -sum(w in m.entry.words for w in set(words)))
    rest = [m for m in matches if m not in tied]
    return named + rest


_ELLIPSIS = re.compile(r"\b(\w+)- (?:och|eller|&) (\w+)")


def _ellipsis_spelt_out(name: str) -> list[str]:
    """The compound a name's hyphen leaves out, spelt out: "Idrotts- och
    fritidsanläggningar" → "idrottsanläggningar", "Vård- och omsorgslokaler" →
    "vårdlokaler". The shared tail is what follows the second word's joint "s"
    ("fritids|anläggningar", "omsorgs|lokaler"); without one the name gives nothing."""
    out = []
    for head, whole in _ELLIPSIS.findall(name):
        joint = whole.find("s", 3)
        if joint != -1 and len(whole) - joint - 1 >= 5:
            out.append(head + whole[joint + 1:])
    # a particle before a slash shares the compound's tail: "om/tillbyggnad" is also
    # "ombyggnad", "ny/ombyggnad" "nybyggnad"
    for head, whole in _SLASHED.findall(name):
        prefix = next((p for p in _PARTICLES if whole.lower().startswith(p)), None)
        if prefix is not None and len(whole) - len(prefix) >= 5:
            out.append(head + whole[len(prefix):])
    return out


_SLASHED = re.compile(r"\b(\w{2,4})/(\w+)")
_PARTICLES = ("till", "upp", "ned", "ner", "om", "ny", "in", "ut", "av", "på", "re")
