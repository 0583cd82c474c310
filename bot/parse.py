"""Parse a Swedish chat message into a typed command. Pure: text + snapshot + today in.

Numbers like "3,2", "3.2" and "uppdrag 3 2" normalise to uppdrag keys; intent words are
matched with typo tolerance; names are matched against the live vocabulary.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot import commands as c
from bot.matching import ALSO_RATIO, Match
from bot.models import Status
from bot.snapshot import Snapshot
from bot.text import fold

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
               "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12}
_NUMBER_WORDS = {"en": 1, "ett": 1, "ett par": 2, "två": 2, "tva": 2, "tre": 3, "fyra": 4,
                 "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "atta": 8, "nio": 9, "tio": 10}

# uppdrag keys: "3.2", "3,2", "3. 2"; not part of a larger number, a date or a percentage
_KEY = re.compile(r"(?<![\d.,:/-])(\d{1,2})\s?[.,]\s?(\d{1,2})(?![\d.,:/-])(?!\s*%)")
_KEY_WORDS = re.compile(r"\b(?:uppd\w*|upd\w*|nr|nummer)\s+(\d{1,2})\s+(\d{1,2})\b")
_YEAR = re.compile(r"\b(20\d\d)\b")
_MALOMRADE = re.compile(r"\b(?:m[aå]l\s?omr[aå]d\w*|mo)\s*(\d{1,2})\b")
_DAYS = re.compile(r"\b(\d{1,3})\s*(?:dagar|dagarna|dgr|d)\b")


@dataclass(frozen=True)
class Query:
    raw: str
    text: str  # folded
    words: tuple[str, ...]


def _query(text: str) -> Query:
    folded = fold(text)
    return Query(text, folded, tuple(re.findall(r"\w+", folded)))


def _like(word: str, form: str) -> bool:
    """Is ``word`` ``form`` or a typo/inflection of it?"""
    if word == form or word.startswith(form):
        return True
    if len(form) < 5 or len(word) < 4:
        return False
    return fuzz.ratio(word, form) >= 80 or (
        len(word) > len(form) and fuzz.ratio(word[: len(form)], form) >= 86
    )


def has(q: Query, *forms: str) -> bool:
    """Any of the (folded) forms among the query's words; multi-word forms as phrases."""
    for form in forms:
        f = fold(form)
        if " " in f:
            if f in q.text:
                return True
            continue
        if any(_like(w, f) for w in q.words):
            return True
    return False


def contains(q: Query, *parts: str) -> bool:
    """A word that contains one of ``parts`` ("budgetavvikelser" contains "avvikelse")."""
    return any(fold(p) in w for p in parts for w in q.words)


# --- entity extraction ---------------------------------------------------------------


def uppdrag_key(q: Query) -> str | None:
    m = _KEY.search(q.text) or _KEY_WORDS.search(q.text)
    if not m:
        return None
    return f"{int(m.group(1))}.{int(m.group(2))}"


def year(q: Query) -> int | None:
    m = _YEAR.search(q.text)
    return int(m.group(1)) if m else None


def month(q: Query) -> int | None:
    for w in q.words:
        for n, name in enumerate(MONTHS, 1):
            if w == name or (len(w) >= 5 and fuzz.ratio(w, name) >= 80):
                return n
        if w in _MONTH_ABBR:
            return _MONTH_ABBR[w]
    return None


def malomrade_number(q: Query) -> int | None:
    m = _MALOMRADE.search(q.text)
    return int(m.group(1)) if m else None


def status(q: Query) -> Status | None:
    t = q.text
    if re.search(r"\bej\s+pab\w*|\binte\s+pab\w*|\bej\s+startad|\binte\s+startad", t):
        return Status.EJ_PABORJAD
    if has(q, "pågår", "pågående", "påbörjade", "igång"):
        return Status.PAGAR
    if has(q, "försenad", "försenade", "försenat"):
        return Status.FORSENAD
    if has(q, "avbruten", "avbrutna", "avbrutet"):
        return Status.AVBRUTEN
    if any(w in ("klar", "klara", "klart", "avslutade", "fardiga", "fardig") for w in q.words):
        return Status.KLAR
    return None


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def period(q: Query, today: dt.date) -> tuple[dt.date, dt.date, str] | None:
    """A time window the message names, with its label."""
    t = q.text
    if "nasta vecka" in t or "kommande vecka" in t:
        start = _monday(today) + dt.timedelta(days=7)
        return start, start + dt.timedelta(days=6), "nästa vecka"
    if re.search(r"\b(denna|den har|i) veckan?\b", t) or "veckan" in q.words:
        return today, _monday(today) + dt.timedelta(days=6), "den här veckan"
    m = _DAYS.search(t)
    if m:
        n = int(m.group(1))
        return today, today + dt.timedelta(days=n), f"de närmaste {n} dagarna"
    if "nasta manad" in t:
        first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return first, last, fold_month_label(first.month, first.year)
    if re.search(r"\b(denna|den har|i) manad(en)?\b", t):
        first = today.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return first, last, fold_month_label(first.month, first.year)
    mo = month(q)
    if mo is not None:
        y = year(q)
        if y is None:
            y = today.year if mo >= today.month else today.year + 1
        first = dt.date(y, mo, 1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return first, last, fold_month_label(mo, y)
    y = year(q)
    if y is not None and has(q, "deadline", "deadlines", "redovisas", "ska till"):
        return dt.date(y, 1, 1), dt.date(y, 12, 31), str(y)
    return None


def fold_month_label(m: int, y: int) -> str:
    return f"{MONTHS[m - 1]} {y}"


def _also(matches: list[Match]) -> tuple[str, ...]:
    if not matches:
        return ()
    best = matches[0]
    return tuple(m.entry.key for m in matches[1:]
                 if m.entry.kind == best.entry.kind and m.score >= best.score * ALSO_RATIO)


# --- the rules ------------------------------------------------------------------------


_BUDGET_WORDS = ("budget", "avvikelse", "avvikelser", "utfall", "kostnad", "kostnader",
                 "budgetram", "ram", "ramen", "underskott", "overskott", "prognos",
                 "driftbudget", "driftredovisning", "nettokostnad", "tkr", "pengar", "ekonomi")


def parse(text: str, snap: Snapshot, today: dt.date) -> c.Command:
    """Turn a message into a command; never raises."""
    q = _query(text)
    if not q.words:
        return c.Help()
    if has(q, "hjälp", "help", "kommandon", "vad kan du", "hur funkar", "hur fungerar") and len(q.words) <= 6:
        return c.Help()

    key = uppdrag_key(q)
    if key and not contains(q, "budget", "avvikelse", "investering"):
        return c.UppdragCard(key=key)

    y = year(q)
    if contains(q, "maluppfyll", "maluppfyl", "maluppfyllelse") or (
        has(q, "måluppfyllnad", "måluppfyllelse")):
        return c.MaluppfyllelseView(year=y)

    if contains(q, "arshjul") or "vad hander" in q.text or re.search(r"\bnar (ar|kommer|blir|sker)\b", q.text):
        hits = snap.index.search(text, kinds={"arshjul"}, limit=3)
        mo = month(q)
        if hits and (mo is None or "vad hander" not in q.text):
            return c.ArshjulView(event=int(hits[0].entry.key))
        if mo is not None or contains(q, "arshjul"):
            return c.ArshjulView(month=mo)

    if contains(q, "investering"):
        hits = snap.index.search(text, kinds={"projekt"}, limit=3)
        if hits:
            return c.Investering(project=hits[0].entry.key, year=y)
        return c.BudgetOverview(year=y, kind="investering",
                                focus="avvikelse" if contains(q, "avvik") else "budget")

    if contains(q, *_BUDGET_WORDS) or has(q, *_BUDGET_WORDS):
        focus = "avvikelse" if contains(q, "avvik", "underskott", "overskott", "utfall") else "budget"
        hits = snap.index.search(text, kinds={"verksamhet", "projekt"}, limit=3)
        if hits and hits[0].entry.kind == "verksamhet":
            return c.BudgetVerksamhet(code=hits[0].entry.key, year=y, focus=focus)
        if hits and hits[0].entry.kind == "projekt":
            return c.Investering(project=hits[0].entry.key, year=y)
        return c.BudgetOverview(year=y, focus=focus)

    listing = _uppdrag_list(q, text, snap, today)
    if listing is not None:
        return listing

    mo_n = malomrade_number(q)
    if mo_n is not None:
        if has(q, "indikatorer") and not has(q, "uppdrag"):
            return c.IndikatorList(malomrade=mo_n)
        return c.MalomradeView(number=mo_n, goals_only=has(q, "strategiska", "mål") and
                               "strategisk" in q.text)
    if contains(q, "malomraden") or q.text.strip(" ?") in ("malomrade", "mal"):
        return c.MalomradeList()
    if has(q, "indikatorer", "nyckeltal") and not snap.index.search(text, kinds={"indikator"}):
        return c.IndikatorList(off_target=has(q, "röda", "rött", "inte når", "missar"))

    hits = snap.index.search(text, limit=6)
    if hits:
        best = hits[0]
        kind = best.entry.kind
        if kind == "indikator":
            return c.IndikatorCard(slug=best.entry.key, others=_also(hits))
        if kind == "uppdrag":
            return c.UppdragCard(key=best.entry.key)
        if kind == "malomrade":
            return c.MalomradeView(number=int(best.entry.key), goals_only="strategisk" in q.text)
        if kind == "verksamhet":
            return c.BudgetVerksamhet(code=best.entry.key, year=y)
        if kind == "projekt":
            return c.Investering(project=best.entry.key, year=y)
        if kind == "arshjul":
            return c.ArshjulView(event=int(best.entry.key))
    if has(q, "uppdrag", "uppdragen"):
        return c.UppdragList()
    return c.Unknown(text=text)


def _uppdrag_list(q: Query, text: str, snap: Snapshot, today: dt.date) -> c.UppdragList | None:
    about_uppdrag = has(q, "uppdrag", "uppdragen", "uppdragslista")
    body = "KS" if re.search(r"\b(ks|kommunstyrelsen)\b", q.text) else (
        "KF" if re.search(r"\b(kf|kommunfullmaktige)\b", q.text) else None)
    if re.search(r"\b(utan|saknar|inga?)\s+(ansvarig|agare|owner)", q.text):
        return c.UppdragList(no_owner=True)
    if has(q, "försenade", "försenad", "sena", "förseningar") and not status(q) == Status.FORSENAD or \
            "passerat" in q.text or "missat" in q.text or "ligger efter" in q.text:
        return c.UppdragList(late=True)
    if has(q, "försenade", "försenad"):
        return c.UppdragList(late=True)
    if has(q, "tysta", "tyst") or re.search(r"(ingen|inte|utan) (uppdatering|uppdaterats|uppdaterat|rapport)", q.text):
        m = _DAYS.search(q.text)
        return c.UppdragList(silent_days=int(m.group(1)) if m else 60)
    due_words = has(q, "deadline", "deadlines", "redovisas", "ska till", "förfaller", "dags",
                    "ska in", "ska vara klart", "tidplan")
    per = period(q, today)
    if per and (due_words or about_uppdrag or body):
        return c.UppdragList(due_from=per[0], due_to=per[1], period=per[2], body=body)
    if due_words or body and about_uppdrag:
        start = today
        return c.UppdragList(due_from=start, due_to=start + dt.timedelta(days=30),
                             period="de närmaste 30 dagarna", body=body)
    st = status(q)
    mo_n = malomrade_number(q)
    if about_uppdrag and (st or mo_n is not None):
        return c.UppdragList(status=st, malomrade=mo_n)
    if about_uppdrag and (has(q, "vilka", "alla", "lista") or q.text.strip(" ?") in ("uppdrag", "uppdragen")):
        return c.UppdragList()
    if st is not None and about_uppdrag:
        return c.UppdragList(status=st)
    return None
