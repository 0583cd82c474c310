"""When a match is too weak to answer with: the question's distinctive words left
unexplained (issue 14, "Det finns inte i planen" instead of another entity's card).

A vocabulary match explains some of the question's content words. It is *weak*, and the
answer is "menade du …?" with the nearest readings, when

- it explains a word only as part of a longer one the user wrote ("parkeringshuset" is not
  the budget line "Parkering"): the question is about something more particular;
- it covers little of the entity's name (less than half) while a distinctive word of the
  question is explained by nothing ("nya simhallen" is not "Nyaktiverade arbetsställen");
- it is a budget line or an investment, the question says nothing of money, and a
  distinctive word is left over ("hur många elever går i gymnasieskolan": not its budget).

Question words and common verbs are not distinctive ("vem", "varför", "ökat", "handlar").
"""

from __future__ import annotations

from bot.core.matching import Index, Match
from bot.core.parse import Query
from bot.domain.text import stem

# content words that ask, or say how, rather than name a thing (stems, as in Query.core)
_GENERIC = frozenset(stem(w) for w in (
    "vem", "vilka", "vilken", "varfor", "varfr", "over", "okat", "okar", "minskat", "minskar",
    "farg", "utvecklas", "utveckla", "utvecklats", "utvecklat", "ingar", "handlar", "handl",
    "jobbar", "jobb", "arbetar", "salde", "gatt", "tagit", "lagt", "lade", "lagger", "klarade",
    "klarat", "naddes", "natt", "uppnadde", "ligga", "legat", "blev", "bra", "daligt", "trend",
    "trenden", "utveckling", "utvecklingen", "emot", "skillnad", "skillnaden", "jamfor",
    "jamfort", "jamforelse", "totalt", "sammanlagt", "mycket", "mkt", "ngt", "ngn", "did",
    "we", "how", "what", "much", "many", "the", "overspend", "vid", "bland", "inkl", "nytt",
    "nyheter", "lade", "lagt", "spenderade", "gjorde", "gjort", "fick", "koll", "kolla", "ngn",
    "ngon", "nån", "nat", "nåt", "pls", "plz", "please", "check", "show", "tell", "which",
    "had", "did", "have", "has", "was", "were", "our", "for", "are", "this", "year", "last",
    "enligt", "infor", "galler", "angaende", "hittills", "undrar", "fraga", "fragan", "igen",
    "dvs", "osv", "etc", "kanske", "ungefar", "egentligen", "snalla", "garna", "tack",
    "hej", "hallo", "tjena", "hjalp", "visa", "berätta", "beratta", "forklara", "info",
))
_MONEY = ("budget", "avvikelse", "investering")


def distinctive(q: Query) -> list[str]:
    return [w for w in dict.fromkeys(q.core) if w not in _GENERIC and len(w) >= 4]


def unexplained(m: Match, q: Query) -> list[str]:
    """The question's distinctive words the match does not explain."""
    return [w for w in distinctive(q) if w not in m.matched]


def only_as_part(m: Match, q: Query, index: Index) -> bool:
    """Every word the match explains is the start of a longer word the user wrote
    ("parkeringsböter" → "parkering"), with a remainder of its own."""
    if not m.matched:
        return False
    for w in m.matched:
        names = m.entry.words | m.entry.extra
        if w in names:
            return False
        part = False
        for cand, sim, compound in index.similar(w):
            if cand not in names:
                continue
            if not compound or sim >= 0.9:
                return False  # the word itself, or a close spelling of it
            if len(w) - len(cand) >= 3 and w.startswith(cand):
                part = True
            else:
                return False
        if not part:
            return False
    return True


def weak(m: Match, q: Query, index: Index) -> list[str] | None:
    """The words that make ``m`` too weak to answer with (None: strong enough). Empty
    list: weak, though every word is matched in part."""
    left = unexplained(m, q)
    if only_as_part(m, q, index):
        return left or [w for w in q.core if w in m.matched]
    if left and all(len(w) < 4 and w not in m.entry.words for w in m.matched):
        return left  # "nya simhallen": "nya" is no name ("Nyaktiverade arbetsställen")
    long_left = [w for w in left if len(w) >= 5]
    if long_left and m.coverage < 0.5:
        return long_left
    longest = max((len(w) for w in m.matched), default=0)
    if any(len(w) >= 8 and len(w) > longest for w in left):
        return left  # "koldioxidutsläpp per invånare": the long word is the subject
    if m.entry.kind in ("verksamhet", "projekt"):
        if left:
            return left  # "budget för parkering vid badplatsen"
        if not q.has(*_MONEY) and (q.phrase("vem", "vilken", "vilka", "hur manga")):
            return []  # "vem kör skolskjutsarna": a budget line has no driver
    return None
