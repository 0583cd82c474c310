"""The best passages of the documents for a question, shortened around the words that
matched, each with its source ("Verksamhetsberättelse 2024 · Driftresultat årsbokslut")."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.domain import synonyms
from bot.domain.text import asks_when
from bot.search.stemming import query_stems, stem, words
from store import sections as sql
from store.db import Store

SNIPPET = 320  # characters of a shortened passage, about three lines in chat
COMMON = 0.3  # a stem held by more than this share of the passages is a common word
# a figure told: a number and what it counts ("65 seniorer", "19,1 miljoner", "15 %"), not
# a year ("Under 2024") nor a number that names ("Målområde 2 -")
_DIGIT = re.compile(r"(?<![\d,.])(?!(?:19|20)\d\d\b)\d+(?:[,.]\d+)?\s*(?:%|[a-zåäö]{2,})")
_SENTENCE = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÅÄÖ0-9\"”(-])")
# a passage that opens by pointing back at the very thing asked ("Dessa ledord vägleder …"
# for "vilka är ledorden?") names it in the passage before: both are shown
_POINTS_BACK = re.compile(r"(?:Dessa|Detta|Denna|De här|Det här|Den här)\s+(\w+)")
BEFORE = 600  # characters of the passage before, at most
# a passage that announces what follows: "Handslaget vilar på fyra strategiska inriktningar
# …" (a count of the thing asked); the passage after it is shown too
_ANNOUNCED = re.compile(r"\b(?:tv[aå]|tre|fyra|fem|sex|sju|[aå]tta|nio|tio|[2-9])\s+((?:\w+\s+){0,2}\w+)",
                        re.IGNORECASE)
AFTER = 600  # characters of the passage after, at most


def _list_heads(items: list[str]) -> list[str]:
    """The heads of a section's list items ("- Styrning: Målstrukturen fungerar …" →
    "Styrning"); empty when the section is not a list of such items."""
    heads = []
    for it in items:
        if not it.startswith("- "):
            continue
        head = it[2:].split(":", 1)[0] if ":" in it[:50] else " ".join(it[2:].split()[:6])
        heads.append(head.strip())
    return heads if len(heads) >= 2 and len(heads) >= len(items) - 1 else []


def _announces(text: str, stems: list[str]) -> bool:
    """Whether the passage ends by announcing a count of the thing asked ("… vilar på fyra
    strategiska inriktningar …"), which the passage after it names."""
    last = _SENTENCE.split(text.strip())[-1]  # the passage ends with it: what follows is them
    return any(_matched(stems, m.group(1)) for m in _ANNOUNCED.finditer(last))


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
    in_text: int = 0  # how many of them the passage's own text holds (not only its heading)
    kind: str = ""  # the document's kind (uppdragsplan, verksamhetsberattelse …)
    page: int | None = None  # the page the seed shows the section on, where it shows one

    @property
    def source(self) -> str:
        """"Verksamhetsberättelse 2024 · Förväntad utveckling · Strategisk utredning initieras",
        and " · s. 6" where the page is known."""
        parent = f"{self.parent} · " if self.parent else ""
        page = f" · s. {self.page}" if self.page else ""
        return f"{self.document} · {parent}{self.heading}{page}"

    @property
    def coverage(self) -> float:
        return len(self.matched) / len(self.wanted) if self.wanted else 0.0


def fts_query(stems: list[str], op: str = "OR") -> str:
    """An FTS5 query for any of the stems; a stem of four letters or more also matches as
    the start of a longer word (Swedish compounds: "effektivisering" → "effektiviseringskrav")."""
    terms = []
    for s in stems:
        quoted = '"' + s.replace('"', '""') + '"'
        terms.append(quoted + ("*" if len(s) >= 4 else ""))
    return f" {op} ".join(terms)


def _matched(stems: list[str], text: str, have: set[str] | None = None) -> tuple[str, ...]:
    """The stems found in ``text`` (or among the stems ``have`` it is indexed with)."""
    if have is None:
        have = {stem(w) for w in words(text)}
    out = []
    for s in stems:
        if s in have or (len(s) >= 4 and any(h.startswith(s) for h in have)):
            out.append(s)
    return tuple(out)


def _held(stems: list[str], terms: list[str]) -> set[str]:
    """The stems among the sorted ``terms``, a stem of four letters or more also as the
    start of one (what `_matched` tells, by bisection instead of a scan of every term)."""
    out = set()
    for s in stems:
        i = bisect_left(terms, s)
        if i < len(terms) and (terms[i] == s or (len(s) >= 4 and terms[i].startswith(s))):
            out.add(s)
    return out


NEAR = 50  # words (two or three sentences): a question's words this close speak of one thing


def span(text: str, stems: list[str]) -> int:
    """The fewest words of the passage that hold every one of the stems it holds at all (0
    for one or none: a word only the heading holds is the heading's; a year dates the
    passage, names nothing)."""
    stems = [s for s in stems if not s.isdigit()]
    tokens = [stem(w) for w in words(text)]
    where: list[tuple[int, int]] = []  # (position, which stem)
    for i, t in enumerate(tokens):
        for k, s in enumerate(stems):
            if t == s or (len(s) >= 4 and t.startswith(s)):
                where.append((i, k))
    need = len({k for _i, k in where})
    if need < 2:
        return 0
    best = len(tokens)
    have: dict[int, int] = {}
    lo = 0
    for hi in range(len(where)):
        have[where[hi][1]] = have.get(where[hi][1], 0) + 1
        while len(have) == need:
            best = min(best, where[hi][0] - where[lo][0] + 1)
            k = where[lo][1]
            have[k] -= 1
            if not have[k]:
                del have[k]
            lo += 1
    return best


def near(text: str, stems: list[str], window: int = NEAR) -> bool:
    """Every stem held within ``window`` words of the passage ("Närlundaskolan ny
    idrottshall, hallen invigdes …" for "när invigdes nya idrottshallen?"), not scattered
    over a long one ("ny teknik" … "byggindex" … "Hammars skola" is no answer to "när
    byggs nya skolan?")."""
    return span(text, stems) <= window


# a question asking how many or how much: the sentence with a figure answers it
_COUNT = re.compile(r"\bhur\s+(?:många|manga|mycket|mkt|stor|stort|stora|länge|lange)\b|"
                    r"\bantal(?:et)?\b|\bhow\s+(?:many|much)\b", re.IGNORECASE)


def asks_count(question: str) -> bool:
    """"hur många seniorer var med?": a figure is asked."""
    return bool(_COUNT.search(question))


_DATED = re.compile(r"\b(?:19|20)\d\d\b|\b(?:januari|februari|mars|april|maj|juni|juli|augusti|"
                    r"september|oktober|november|december)\b", re.IGNORECASE)


def shorten(text: str, stems: list[str], limit: int = SNIPPET, count: bool = False,
            when: bool = False, subject: tuple[str, ...] = ()) -> str:
    """The sentences of ``text`` around those holding most of the stems, at most about
    ``limit`` characters, with "…" where text is left out. ``count``: a figure is asked, so
    when none is shown the next sentence with a number and a matched word is ("Seniorkraft.
    … Under året har 65 seniorer …" of "hur många seniorer var med?")."""
    if len(text) <= limit:
        return text
    sentences = _SENTENCE.split(text)
    held = [_matched(stems, s) for s in sentences]
    scores = [len(h) for h in held]
    # of sentences holding as many stems, the one holding more that the heading does not
    # (``subject``: the heading's stems, what the whole passage is about): "Kommunledningen
    # är representerad …" before "… samarbete i näringslivsrådet" of "vilka från
    # kommunledningen sitter med i näringslivsrådet?" under "Askersunds näringslivsråd – …"
    rarity = [sum(x not in subject for x in h) for h in held]
    best = max(range(len(sentences)), key=lambda i: (
        scores[i], bool(count and _DIGIT.search(sentences[i])),
        bool(when and _DATED.search(sentences[i])), rarity[i], -i))
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
    if count and not any(_DIGIT.search(x) for x in sentences[lo:hi + 1]):
        # a figure asked and none shown: on to the next sentence with one and a matched word
        # ("… Under året har 65 seniorer …"), leaving out the first sentences to make room
        nxt = next((j for j in range(hi + 1, min(hi + 4, len(sentences)))
                    if scores[j] and _DIGIT.search(sentences[j])), None)
        if nxt is not None:
            hi = nxt
            size = sum(len(x) + 1 for x in sentences[lo:hi + 1])
            while lo < hi and size > limit:
                size -= len(sentences[lo]) + 1
                lo += 1
    if when and not any(_DATED.search(sentences[k]) and scores[k] for k in range(lo, hi + 1)):
        # (a date only in a sentence shown for room, "Samråd … 2024-10-15 …", is not the one asked)
        # a time asked and none shown: the nearest sentence with a year or a month and a
        # matched word, before or after ("Sedan fortsätter processen fram till
        # lagakraftvunnen plan, i mitten av 2026." before "… den nya vinner laga kraft.")
        near = sorted((j for j in range(max(0, lo - 3), min(len(sentences), hi + 4))
                       if not lo <= j <= hi and _DATED.search(sentences[j])
                       and (scores[j] or j in (lo - 1, hi + 1))),  # next to what is shown
                      key=lambda j: min(abs(j - lo), abs(j - hi)))
        if near:
            j = near[0]
            first, last = (j, best) if j < best else (best, j)
            if sum(len(x) + 1 for x in sentences[first:last + 1]) <= limit + 40:
                lo, hi = first, last
            else:  # the dated sentence and the best one, what lies between left out
                pair = [sentences[first], sentences[last]]
                return ("… " if first > 0 else "") + " … ".join(pair) + \
                    (" …" if last < len(sentences) - 1 else "")
    out = " ".join(sentences[lo:hi + 1])
    if len(out) > limit + 40:  # one long sentence: cut at a word near the matches
        out = out[: limit].rsplit(" ", 1)[0]
        return ("… " if lo > 0 else "") + out + " …"
    return ("… " if lo > 0 else "") + out + (" …" if hi < len(sentences) - 1 else "")


def has_figure(text: str, stems: list[str]) -> bool:
    """A number (not a year) stands within three words of a word of the question: the
    figure asked is there ("över 1 700 registrerade arbetsställen" of "hur många
    arbetsställen …"; not "de 25 % av landets kommuner" of a goal sharing a word)."""
    tokens = re.findall(r"\d+(?:[ ,.]\d+)*|[^\W\d_]+", text)
    numbers = [i for i, t in enumerate(tokens) if t[0].isdigit()
               and not re.fullmatch(r"(?:19|20)\d\d", t)]
    if not numbers:
        return False
    asked = [i for i, t in enumerate(tokens) if not t[0].isdigit() and _matched(stems, t)]
    return any(abs(i - j) <= 3 for i in asked for j in numbers)


def _split_compounds(store: Store, stems: list[str], holding: list[int], total: int,
                     min_first: int = 5) -> tuple[list[str], list[int], set[str]]:
    """A compound no passage holds, as the two words that make it where the text has both
    ("skolskjutsavtalet" → "skolskjuts" + "avtal", a linking s left out): Swedish writes
    as one word what the documents say in two. Both parts of five letters or more, neither a
    word most passages hold: a short part ("vind", "chef", "skol") or a common one
    ("turist" + "verksamhet") would find passages about something else. A second part of
    four letters is taken only after a linking s and a first part of eight letters
    ("bredbandsstöd" → "bredband" + "stöd"). A compound of a state ("personalläget") is its
    first part alone; those first parts are returned too: a passage under a heading holding
    one is about it ("Väsentliga personalförhållanden")."""
    out_s: list[str] = []
    out_n: list[int] = []
    state: set[str] = set()
    for s, n in zip(stems, holding):
        parts = _state_of(store, s, total) if n == 0 and len(s) >= 10 else None
        state |= {parts[0][0]} if parts else set()
        if parts is None and n == 0 and len(s) >= 10:
            # one look at the terms sharing the first five letters tells which first parts
            # the text holds; only those are looked up with their second part
            terms = sql.terms_from(store, s[:5])
            # the longest first part first; after a linking s the second part may have four
            # letters ("bredbands|stöd": the s marks where the compound joins)
            for i in range(len(s) - 4, min_first - 1, -1):
                left, right = s[:i], s[i:]
                linked = left.endswith("s") and i > 8
                if len(right) < 5 and not linked:
                    continue
                for first in ([left] if len(right) >= 5 else []) + ([left[:-1]] if linked or (
                        left.endswith("s") and i > 5) else []):
                    held = sum(c for t, c in terms if t.startswith(first))
                    if not held:
                        continue
                    _t, (after,) = sql.passages_holding(store, [right])
                    if after and max(held, after) <= total * COMMON:
                        parts = [(first, held), (right, after)]
                    break
                if parts:
                    break
        for part, count in parts or [(s, n)]:
            if part not in out_s:
                out_s.append(part)
                out_n.append(count)
    return out_s, out_n, state


# the second part of a compound that only says "the state of" its first: "personalläget",
# "personalsituationen", "ekonomistatusen" ask of the personal, the economy (stems)
_STATE_HEADS = ("läg", "situatio", "situation", "status", "förhållan", "förhålland", "fråg")


def _state_of(store: Store, s: str, total: int) -> list[tuple[str, int]] | None:
    """A compound no passage holds whose second part only says the state of its first
    ("personal|läget"): its first part alone, where the text holds it and it is no common
    word (the passages on "Väsentliga personalförhållanden")."""
    head = next((h for h in _STATE_HEADS if s.endswith(h)), None)
    if head is None or len(s) - len(head) < 5:  # the head says nothing: any first part
        return None
    first = s[: -len(head)]
    held = sum(c for t, c in sql.terms_from(store, first[:5]) if t.startswith(first))
    if not held and first.endswith("s"):  # a linking s: "ekonomis|läget" is no word
        first = first[:-1]
        held = sum(c for t, c in sql.terms_from(store, first[:5]) if t.startswith(first))
    return [(first, held)] if held and held <= total * COMMON else None


_PLAIN = {"a": ("a", "å", "ä"), "o": ("o", "ö")}
_MAX_PLAIN = 4  # letters to try (3 × 3 × 2 × 2 spellings at most): more is no typing slip


def _most_held(store: Store, stems: list[str], holding: list[int],
               alternatives: Callable[[str], list[str]]) -> tuple[list[str], list[int]]:
    """Each stem no passage holds, replaced by the one of its ``alternatives`` the most
    passages hold; kept when none is held."""
    out, counts = list(stems), list(holding)
    for i, (s, n) in enumerate(zip(stems, holding)):
        tried = [] if n else alternatives(s)
        if not tried:
            continue
        _total, held = sql.passages_holding(store, tried)
        best = max(zip(held, tried), default=(0, s))
        if best[0]:
            counts[i], out[i] = best
    return out, counts


def _plain_spellings(s: str) -> list[str]:
    """A stem written with a and o where the text may have å, ä or ö ("forskol" → "förskol",
    "hushall" → "hushåll"): its other spellings (none past _MAX_PLAIN such letters)."""
    spots = [j for j, c in enumerate(s) if c in _PLAIN]
    if not spots or len(spots) > _MAX_PLAIN:
        return []
    spellings = {""}
    for c in s:
        spellings = {head + x for head in spellings for x in _PLAIN.get(c, (c,))}
    spellings.discard(s)
    return sorted(spellings)


def _said_otherwise(s: str, stems: list[str]) -> list[str]:
    """The stems of the other words of the stem's synonym group ("slop" of "slopas" → "överg"
    of the Målstruktur's "överges", bot/domain/synonyms.py), none the question has already."""
    return sorted({stem(w) for o in synonyms.others(s) for w in words(o)} - set(stems))


def find(store: Store, question: str, limit: int = 2, pool: int = 12,
         prefer: str | None = None, split: bool = True, min_first: int = 5,
         count: bool | None = None, when: bool | None = None) -> list[Passage]:
    """The best ``limit`` passages for the question (`_find_stems`). A verb the text may say
    with a noun ("vad heter arenan?": "namnet är") is looked for as both: the noun first, the
    verb itself where only it is held by one passage with every other word ("vad heter
    nämndmål nu?": "heter denna nivå ”Nämndmål”")."""
    stems = query_stems(question)
    count = asks_count(question) if count is None else count
    when = asks_when(question) if when is None else when
    found = _find_stems(store, stems, limit, pool, prefer, split, min_first, count, when)
    plain = query_stems(question, asked_as=False)
    if plain != stems and not (found and found[0].coverage == 1.0):
        other = _find_stems(store, plain, limit, pool, prefer, split, min_first, count, when)
        if other and other[0].coverage == 1.0:
            return other
    return found


def _find_stems(store: Store, stems: list[str], limit: int = 2, pool: int = 12,
                prefer: str | None = None, split: bool = True, min_first: int = 5,
                count: bool = False, when: bool = False) -> list[Passage]:
    """The best ``limit`` passages for these stems of a question: BM25 over stems, then
    those that hold more of the question's words first, those of the document kind ``prefer`` ("uppdragsplan"
    when the question says "planen") before others. At most one passage per section.
    ``split``: a compound no passage holds is looked for as its two words (for a search asked
    for; an answer to a question nothing else took wants the words as asked, or a compound
    split only after a long first part: ``min_first`` letters, "bredbands|stöd")."""
    if not stems:
        return []
    total, holding = sql.passages_holding(store, stems)
    state: set[str] = set()  # the first parts of compounds of a state ("personal|läget")
    if not all(holding):  # "forskolan", "hushallen": written without å, ä, ö
        stems, holding = _most_held(store, stems, holding, _plain_spellings)
    if not all(holding):  # "slopas": the text's "överges" (bot/domain/synonyms.py)
        asked = list(stems)
        stems, holding = _most_held(store, stems, holding, lambda s: _said_otherwise(s, asked))
    if split and not all(holding):
        stems, holding, state = _split_compounds(store, stems, holding, total, min_first)
    if not any(holding):
        return []
    rare = [s for s, n in zip(stems, holding) if 0 < n <= total * COMMON]
    if rare:  # the words nearly every passage holds add nothing to the ranking but its cost
        # passages holding every word first (few: cheap to rank), then any of them
        rows = sql.search(store, fts_query(rare, "AND"), limit=pool) if len(rare) > 1 else []
        if len(rows) < limit:
            seen_ids = {r["id"] for r in rows}
            rows += [r for r in sql.search(store, fts_query(rare), limit=pool)
                     if r["id"] not in seen_ids]
        held = [s for s, n in zip(stems, holding) if n]
        if len(rare) == 1 and len(held) > 1 and (count or not any(
                len(_held(held, sorted(set((r["stems"] + " " + r["heading_stems"]).split()))))
                == len(held) for r in rows)):
            # one rare word, and none of its best passages has the common ones too ("nya
            # företag": the twelve best for "nya" lack "företag"), or a figure asked (the one
            # with it may not be among them): those holding them all
            seen_ids = {r["id"] for r in rows}
            rows += [r for r in sql.search(store, fts_query(held, "AND"), limit=pool)
                     if r["id"] not in seen_ids]
    else:  # only such words: any passage holding them all is as good as another
        rows = sql.first_matches(store, fts_query([s for s, n in zip(stems, holding) if n], "AND"),
                                 limit=pool)
    found: list[Passage] = []
    where: dict[int, tuple[int, int]] = {}  # id(Passage) -> its section and position
    heads: dict[int, tuple[str, ...]] = {}  # id(Passage) -> the stems its heading holds
    for r in rows:
        body = _held(stems, sorted(set(r["stems"].split())))
        head = _held(stems, sorted(set(r["heading_stems"].split())))
        matched = tuple(s for s in stems if s in body or s in head)
        found.append(Passage(document=r["doc_title"], heading=r["heading"], parent=r["parent"],
                             text=r["text"], full=r["text"], rank=r["rank"],
                             matched=matched, wanted=tuple(stems), kind=r["doc_kind"],
                             page=r["page"], in_text=len(body)))
        where[id(found[-1])] = (r["section_id"], r["position"])
        heads[id(found[-1])] = tuple(s for s in stems if s in head)
    found.sort(key=lambda p: (-len(p.matched), -len(state & set(heads[id(p)])),
                              count and not has_figure(p.full, stems),
                              p.kind != prefer, -p.in_text, p.rank))
    out: list[Passage] = []
    seen: set[tuple[str, str | None, str]] = set()
    for p in found:
        # one per section: two sections of one document may share a heading under two parents
        # ("Hållbarhet" of the year's overview and of the next year's focus areas)
        if (p.document, p.parent, p.heading) in seen:
            continue
        seen.add((p.document, p.parent, p.heading))
        text = shorten(p.full, stems, count=count, when=when,  # only what is shown is shortened
                       subject=heads[id(p)])
        back = _POINTS_BACK.match(p.full)
        if back is not None and _matched(stems, back.group(1)) and \
                text.startswith(p.full[:40]) and \
                (before := sql.passage_before(store, *where[id(p)])) is not None:
            cut = shorten(before, [], BEFORE)
            text = f"{cut}\n{text}"  # "Dessa ledord …": the passage that names them first
        section, position = where[id(p)]
        if len(stems) >= 2 and set(stems) <= set(heads[id(p)]) and p.full.startswith("- ") and \
                (items := _list_heads(sql.section_passages(store, section))):
            # the question names the section ("syftet med målstrukturen": "Syften med
            # Målstrukturen") and it is a list: its items' heads, then the passage
            text = f"{len(items)} punkter: {'; '.join(items)}.\n{text}"
        elif text.endswith(p.full[-40:]) and _announces(p.full, stems):
            after = sql.section_passages(store, section)[position + 1: position + 9]
            heads_after = _list_heads(after)
            if heads_after:
                text = f"{text}\n{'; '.join(heads_after)}."
            elif after:
                text = f"{text}\n{shorten(after[0], [], AFTER)}"
        out.append(replace(p, text=text))
        if len(out) >= limit:
            break
    return out
