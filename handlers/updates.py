"""Progress on an uppdrag: updates and corrections, undoing one's latest, the history.

Writes are append-only through `store.writes` (one transaction each, de-duplicated by the
delivery's event_id) and answered with what was stored.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context, UserError
from bot.core.mentions import as_written
from bot.core.patterns import lazy  # compiled when first used (cold start)
from bot.core.permissions import admins, owners_of, people, writer
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot
from bot.core.views import plan_updates, require_plan, require_uppdrag, update_info
from bot.domain import fmt
from bot.domain.plan import Status
from bot.domain.state import uppdrag_state
from bot.domain.text import fold
from store import aktiviteter as sa
from store import queries as q
from store import writes as w
from store.db import Row

UNDO_MINUTES = 15


@dataclass(frozen=True, kw_only=True)
class Update(Command):
    name: ClassVar[str] = "uppdatera"
    writes: ClassVar[bool] = True
    key: str
    text: str
    status: Status | None = None
    percent: int | None = None
    correction: bool = False
    # a status a word of the text might mean but does not say ("… är klar för beslut"), and
    # a percentage of something else ("kostnaden ökade med 20 %"): not set; the reply says
    # how to set them
    unsure: Status | None = None
    unsure_percent: int | None = None


@dataclass(frozen=True, kw_only=True)
class Undo(Command):
    """Undo one's latest update: of any uppdrag or aktivitet, or of the one ``key`` names."""

    name: ClassVar[str] = "ångra"
    writes: ClassVar[bool] = True
    key: str | None = None


@dataclass(frozen=True, kw_only=True)
class History(Command):
    name: ClassVar[str] = "historik"
    key: str


# --- matching -----------------------------------------------------------------------------

# an uppdrag key, optionally after the short name of another nämnd: "3.2", "BUN 3.2"
_KEY = r"(?:(?P<nm>[^\W\d_]{2,8})\s+)?(?P<a>\d{1,2})\s?[.,]\s?(?P<b>\d{1,2})"
_PERCENT = lazy(r"(?<![\d,.])(\d{1,3})\s?(?:%|procent\b)")
_STATUS_WORDS = [
    (Status.EJ_PABORJAD, r"ej\s+påbörjad\w*|inte\s+påbörjad\w*"),
    (Status.AVBRUTEN, r"avbrut\w+"),
    (Status.FORSENAD, r"försena[dt]\w*"),
    (Status.KLAR, r"klar[at]?|färdig[at]?"),
    (Status.PAGAR, r"pågår|pågående"),
]
_UPDATE = lazy(rf"^\s*(?P<verb>uppdatera|uppdatering|rapport(?:era)?|rätta|rättelse)\s+(?:uppdrag\s+)?{_KEY}\s*[:\-–]?\s*(?P<body>.*)$",
               re.IGNORECASE | re.DOTALL)
_HISTORY = lazy(rf"^\s*(?:historik|historiken|visa historik|logg)\s+(?:för\s+)?(?:uppdrag\s+)?{_KEY}\s*\??\s*$",
                re.IGNORECASE)


def pick_status(text: str) -> tuple[Status | None, str]:
    """The status word in an update, and the text with a status-only segment removed."""
    for status, pattern in _STATUS_WORDS:
        m = re.search(rf"(?<!\w)(?:status\s*:?\s*)?({pattern})(?!\w)", text, re.IGNORECASE)
        if m:
            return status, _drop_segment(text, m.start(), m.end())
    return None, text


# A status word inside the update's running text is the uppdrag's status only when it says
# so: not denied ("arbetet är inte klart"), hedged or to come ("nästan klart", "blir klar i
# januari"), or ready for something ("klar för beslut", "klar till 80 %"); and "klar" or
# "avbruten" only of the uppdrag itself ("arbetet är klart", "vi är klara"), not of a thing
# in it ("markanvisningspolicyn är klar", "två av tre dialoger klara"): one word must not
# close an uppdrag in the report to KS. Folded words.
_DENIED = frozenset({"inte", "ej", "icke", "inget", "ingenting", "aldrig", "knappt", "not"})
_HEDGED = frozenset({"nastan", "snart", "delvis", "halvvags", "halften", "halva", "mesta",
                     "mestadels", "del", "delar", "bli", "blir", "beraknas",
                     "forvantas", "planeras", "ska", "skall", "kommer", "vara", "bor", "borde",
                     "hoppas", "troligen", "troligtvis", "forhoppningsvis", "tills", "innan",
                     "nog", "kanske", "strax", "kan", "riskerar", "risk", "inom"})
_READY_FOR = frozenset({"for", "att", "infor", "till"})
# the words a clause may have before "klar" and still be about the uppdrag
_OWN = frozenset({"uppdraget", "uppdrag", "arbetet", "det", "detta", "allt", "vi", "jag", "nu",
                  "och", "men", "sa", "helt", "antligen", "redan", "ar", "blev", "blivit",
                  "har", "varit", "alltsa", "ocksa", "status", "hela", "numera", "da"})
_FINAL = (Status.KLAR, Status.AVBRUTEN)
_CLAUSE_END = re.compile(r"[,;.:!?\n()]")


def _clause_around(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """The folded words of text[start:end]'s clause before it and after it."""
    before = _CLAUSE_END.split(text[:start])[-1]
    after = _CLAUSE_END.split(text[end:])[0]
    return re.findall(r"\w+", fold(before)), re.findall(r"\w+", fold(after))


def _said_of_uppdrag(status: Status, text: str, m: re.Match[str]) -> bool | None:
    """Whether the status word ``m`` found in the running ``text`` states the uppdrag's
    status: True; False when it is denied or hedged; None when it may be said of a thing in
    the uppdrag, or of its being ready for something (see _DENIED, _HEDGED, _READY_FOR, _OWN)."""
    said, after = _clause_around(text, m.start(), m.end())
    if set(said[-3:]) & _DENIED or after[:1] in (["inte"], ["ej"], ["not"]):
        return False
    if status is Status.EJ_PABORJAD:  # the pattern holds its own "inte"
        return True
    if set(said[-3:]) & _HEDGED:
        return False
    if status in _FINAL and ((after[:1] and after[0] in _READY_FOR) or
                             not all(w in _OWN for w in said)):
        return None
    return True


def status_in_text(text: str) -> tuple[Status | None, Status | None]:
    """The status the running text of an update states (see _said_of_uppdrag), and the one a
    status word in it may mean but does not say ("… är klar för beslut"), for the reply to ask."""
    unsure: Status | None = None
    for status, pattern in _STATUS_WORDS:
        for m in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text, re.IGNORECASE):
            said = _said_of_uppdrag(status, text, m)
            if said:
                return status, None
            if said is None:
                unsure = unsure or status
    return None, unsure


def pick_percent(text: str) -> tuple[int | None, str]:
    m = _PERCENT.search(text)
    if not m or int(m.group(1)) > 100:
        return None, text
    return int(m.group(1)), _drop_segment(text, m.start(), m.end())


_STATUS_ANY = "|".join(p for _, p in _STATUS_WORDS)


# a segment that only reports status and progress: "pågår 40 %", "60 % klart", "status: klar"
_REPORT = (rf"(?:status\s*:?\s*)?(?:(?:{_STATUS_ANY})\s*)?(?:\d{{1,3}}\s?(?:%|procent)\s*)?"
           rf"(?:(?:{_STATUS_ANY})\s*)?")


_REPORT_TAIL = lazy(rf"(?:^|[,;.:]\s*)(?=\S){_REPORT}$", re.IGNORECASE)


_REPORT_HEAD = lazy(rf"^\s*(?=\S){_REPORT}[,;.:]\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Report:
    """An update's body taken apart: its status and percentage, its own words, and a status
    or a percentage the text might mean but does not say (the reply asks; nothing is set)."""

    status: Status | None
    percent: int | None
    text: str
    unsure: Status | None = None
    unsure_percent: int | None = None  # a percentage of something else ("kostnaden ökade 20 %")


def split_report(text: str) -> Report:
    """Status, percentage and the update's own words: the status and percentage of a
    segment that only reports them, or that the running text states (status_in_text,
    percent_in_text); a leading or trailing segment that only reports them is removed."""
    rest = text.strip()
    reported = []
    for pattern in (_REPORT_TAIL, _REPORT_TAIL, _REPORT_HEAD):  # "…, pågår, 60 %": two tails
        m = pattern.search(rest)
        if m and m.group(0).strip(" ,;.:"):
            reported.append(m.group(0))
            rest = (rest[: m.start()] + rest[m.end():]).strip(" ,;:")
    # the status of a segment that only reports it wins over a word of the text: "Två av tre
    # dialoger klara, pågår 60 %" is pågår
    status = next((st for seg in reported if (st := pick_status(seg)[0]) is not None), None)
    unsure = None
    if status is None:
        status, unsure = status_in_text(text)
    percent = next((p for seg in reported if (p := pick_percent(seg)[0]) is not None), None)
    unsure_percent = None
    if percent is None:
        percent, unsure_percent = percent_in_text(text)
    if percent is not None and percent < 100:
        # "40 % klart", "60 % av arbetet klart": how far it has come, not done
        status = None if status is Status.KLAR else status
        unsure = None if unsure is Status.KLAR else unsure
    if rest == text.strip():  # nothing stood apart: drop lone words inside, keep the text
        if status is not None:
            _, rest = pick_status(rest)
        if percent is not None:
            _, rest = pick_percent(rest)
    return Report(status, percent, rest, unsure, unsure_percent)


# the words that make a percentage in the running text how far the uppdrag has come: "60 %
# klart", "pågår 30 %", "60 % av arbetet", "klar till 80 %", "vi är på 60 %" (folded)
_DONE_WORDS = frozenset({"klart", "klar", "klara", "fardigt", "fardig", "fardiga", "genomfort",
                         "genomforda", "avklarat", "gjort", "fullfoljt", "done", "complete"})
_OF_THE_WORK = (["av", "arbetet"], ["av", "uppdraget"], ["av", "aktiviteten"])
_AT = frozenset({"vi", "ar", "nu", "ligger", "uppdraget", "arbetet", "ungefar", "cirka", "ca",
                 "runt", "omkring", "drygt", "typ"})


def percent_in_text(text: str) -> tuple[int | None, int | None]:
    """The percentage the running text of an update gives as how far it has come, and one
    it gives of something else ("kostnaden ökade med 20 %", "60 % av budgeten"), for the
    reply to ask; a percentage standing alone between commas is how far it has come."""
    m = _PERCENT.search(text)
    if not m or int(m.group(1)) > 100:
        return None, None
    n = int(m.group(1))
    before, after = _clause_around(text, m.start(), m.end())
    last = before[-1] if before else ""
    alone = not before and not after  # "…, 60 %, …"
    done = bool(after) and after[0] in _DONE_WORDS or last in _DONE_WORDS | {"pagar", "pagaende"}
    of_the_work = after[:2] in _OF_THE_WORK
    come_to = last == "till" and bool(set(before) & _DONE_WORDS or "kommit" in before)
    at = last == "pa" and set(before[:-1]) <= _AT  # "vi är på 60 %"
    return (n, None) if alone or done or of_the_work or come_to or at else (None, n)


def _drop_segment(text: str, start: int, end: int) -> str:
    """Remove text[start:end] when it stands alone between separators; else keep the text."""
    before, after = text[:start], text[end:]
    if re.search(r"(^|[,;.:\n(])\s*$", before) and re.match(r"\s*([,;.\n)]|$)", after):
        head, tail = before.rstrip(" ,;("), after.lstrip(" ,;)")
        if head and tail and not tail.startswith("."):
            return f"{head}, {tail}".strip()
        return (head + tail).strip() if head else tail.lstrip(". ").strip()
    return text


# "uppdatera nr 3.2"; "och 3.2.2?": a conjunction before the key names no nämnd
_NOT_A_NAMND = frozenset({"nr", "nummer", "punkt", "p", "och", "samt", "men", "eller", "plus",
                          "sen", "sedan", "da", "and", "also"})


def uppdrag_ref(snap: Snapshot, m: re.Match[str]) -> str:
    """The uppdrag reference a matched key stands for ("bun 3.2" → "BUN 3.2"). A word before
    the key that names no plan's nämnd is refused, not passed over: "ansvarig BUN 3.2 @x"
    with no BUN plan must not make x an owner of the first nämnd's 3.2."""
    key = f"{int(m.group('a'))}.{int(m.group('b'))}"
    named = m.group("nm")
    if named and fold(named) not in _NOT_A_NAMND and fold(named) not in snap.namnd_names():
        known = ", ".join(sorted({str(p["namnd_short"] or p["namnd_slug"]) for p in snap.plans}))
        raise UserError(f"Det finns ingen nämnd «{named}» bland planerna"
                        + (f" ({known})" if known else "") + f". Skriv bara numret, \"{key}\", "
                        "för den första nämndens uppdrag, eller nämndens kortnamn före det.")
    return snap.qualify(key, [named or ""])


_UNDO_KEY = re.compile(rf"^\s*ångra\s+(?:(?:min\s+)?(?:senaste\s+)?uppdatering(?:en)?\s+(?:av|för|i)\s+)?"
                       rf"(?:uppdrag(?:et)?\s+|aktivitet(?:en)?\s+)?{_KEY}(?:\s?[.,]\s?(?P<c>\d{{1,2}}))?\s*$",
                       re.IGNORECASE)


def match_undo(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    if fold(text.strip()) in ("angra", "angra senaste", "angra det", "undo"):
        return Undo()
    m = _UNDO_KEY.match(text.strip())
    if m is None:
        return None
    key = uppdrag_ref(snap, m)
    return Undo(key=f"{key}.{int(m.group('c'))}" if m.group("c") else key)


def match_history(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    m = _HISTORY.match(text.strip())
    return History(key=uppdrag_ref(snap, m)) if m else None


def match_update(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    m = _UPDATE.match(text.strip())
    if not m:
        return None
    verb, key = m.group("verb").lower(), uppdrag_ref(snap, m)
    body = as_written(m.group("body").strip())  # people as @ID in the stored words
    report = split_report(body)
    return Update(key=key, text=report.text or body, status=report.status,
                  percent=report.percent, unsure=report.unsure,
                  unsure_percent=report.unsure_percent, correction=verb.startswith("rätt"))


# --- results ------------------------------------------------------------------------------

@dataclass(kw_only=True)
class UpdateStoredResult(r.Result):
    template: ClassVar[str] = "update_stored.j2"
    key: str
    title: str
    update: r.UpdateInfo
    duplicate: bool
    correction: bool
    unsure: str | None = None  # a status the text might mean, not set (Update.unsure)
    unsure_percent: int | None = None  # a percentage of something else, not set


@dataclass(kw_only=True)
class UndoneResult(r.Result):
    template: ClassVar[str] = "undone.j2"
    key: str
    what: str = "uppdrag"  # or "aktivitet"
    undone: r.UpdateInfo
    status: str | None
    percent: int | None


@dataclass(kw_only=True)
class HistoryResult(r.Result):
    template: ClassVar[str] = "history.j2"
    key: str
    title: str
    entries: list[r.UpdateInfo]
    roles: list[dict[str, str]]
    status: str | None
    percent: int | None


# --- answers ------------------------------------------------------------------------------

MAX_TEXT = 40_000  # what Slack takes in one message: a longer update is refused, never cut


def percent_problem(percent: object) -> str | None:
    """Why ``percent`` is no percentage of an update (None: it is one, or none was given)."""
    if percent is None:
        return None
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        return f"Procent ska vara ett heltal från 0 till 100 (inte {percent!r})."
    return None


def text_problem(text: str, limit: int = MAX_TEXT) -> str | None:
    """Why ``text`` cannot be an update's text as it is (None: it can)."""
    if len(text) > limit:
        return (f"Texten är {fmt.number(len(text))} tecken; högst {fmt.number(limit)} får "
                "plats. Korta den eller dela upp den i flera uppdateringar.")
    return None


def require_content(cmd: Update, example: str) -> None:
    """Refuse, in words, an update (of an uppdrag or an aktivitet) with a percentage or text
    it cannot have, or with nothing in it."""
    problem = percent_problem(cmd.percent) or text_problem(cmd.text)
    if problem:
        raise UserError(f"{problem} Inget har sparats.")
    if not cmd.text.strip() and cmd.status is None and cmd.percent is None:
        raise UserError(f"Skriv vad som har hänt, t.ex. \"uppdatera {cmd.key}: {example}\".")


@register(Update, title="Uppdatera ett uppdrag",
          help="Rapportera framsteg (ansvariga och admins). Statusord (ej påbörjad, pågår, klar, "
               "försenad, avbruten) och procent plockas ut; resten är texten. Ett statusord mitt i "
               "texten gäller bara om det sägs om uppdraget (\"arbetet är klart\", inte \"inte klart\" "
               "eller \"policyn är klar för beslut\"). 'rätta' lägger en rättelse.",
          examples=("uppdatera 3.2: Tre investerare i dialog, markanvisning förbereds, pågår 60 %",
                    "rätta 3.2: Två investerare, inte tre"))
def answer_update(cmd: Update, ctx: Context, event_id: str | None = None) -> r.Result:
    require_plan(ctx)
    row = require_uppdrag(ctx, cmd.key)
    owners = owners_of(ctx, "owner", row["subject"])
    author = writer(ctx, owners)
    if author is None:
        raise UserError(
            f"Du kan inte uppdatera uppdrag {cmd.key}: bara dess ansvariga ({people(owners)}) och "
            f"administratörer ({people(admins(ctx))}) får göra det. Inget har sparats. "
            f"En administratör kan lägga till dig med \"ansvarig {cmd.key} @du\".")
    require_content(cmd, "Tre investerare i dialog, pågår 60 %")
    saved, new = w.add_update(ctx.store, doc_id=row["doc_id"], key=row["plan_key"], author=author,
                              text=cmd.text, status=cmd.status.value if cmd.status else None,
                              percent=cmd.percent, now=ctx.now,
                              kind="correction" if cmd.correction else "update", event_id=event_id)
    return UpdateStoredResult(key=cmd.key, title=row["title"], update=update_info(saved, set()),
                              duplicate=not new, correction=cmd.correction,
                              unsure=cmd.unsure.value if cmd.unsure else None,
                              unsure_percent=cmd.unsure_percent)


@register(Undo, title="Ångra",
          help=f"Ångrar din senaste uppdatering, av ett uppdrag eller en aktivitet, inom {UNDO_MINUTES} "
               "minuter (sparas som en ny rad; inget raderas). 'ångra 3.2.1' ångrar din senaste av just den.",
          examples=("ångra",))
def answer_undo(cmd: Undo, ctx: Context, event_id: str | None = None) -> r.Result:
    from handlers import aktiviteter as ak  # imports this module

    require_plan(ctx)
    limit = ctx.now - dt.timedelta(minutes=UNDO_MINUTES)

    def undoable(entries: list[Row]) -> list[Row]:
        undone = {e["ref_id"] for e in entries if e["kind"] == "undo"}
        return [e for e in entries if e["author"] == ctx.user and e["kind"] != "undo"
                and e["id"] not in undone and dt.datetime.fromisoformat(e["created_at"]) >= limit]

    # (when, "uppdrag" or "aktivitet", its reference, the entry)
    mine = [(e["created_at"], "uppdrag", e["key"], e) for e in undoable(plan_updates(ctx))]
    refs = {a["id"]: ref for ref, a in ak.by_ref(ctx).items()}
    mine += [(e["created_at"], "aktivitet", refs[e["aktivitet_id"]], e)
             for e in undoable(sa.updates(ctx.store)) if e["aktivitet_id"] in refs]
    if cmd.key is not None:
        mine = [m for m in mine if m[2] == cmd.key]
    if not mine:
        which = f" av {cmd.key}" if cmd.key else ""
        raise UserError(f"Det finns ingen uppdatering{which} av dig från de senaste {UNDO_MINUTES} "
                        "minuterna att ångra. Skriv \"rätta 3.2: …\" för att rätta en äldre.")
    # the latest of each kind (in one table the order is known to the row); an uppdrag's and an
    # aktivitet's written the same second: which came last is not known, so ask
    last = {kind: max((m for m in mine if m[1] == kind), key=lambda m: (m[0], m[3]["id"]))
            for kind in dict.fromkeys(m[1] for m in mine)}
    if len(last) == 2 and last["uppdrag"][0] == last["aktivitet"][0]:
        raise UserError(f"Dina senaste uppdateringar skrevs samma sekund; skriv vilken du vill ångra: "
                        f"\"ångra {last['aktivitet'][2]}\" eller \"ångra {last['uppdrag'][2]}\". "
                        "Inget har ändrats.")
    _, what, ref, target = max(last.values(), key=lambda m: m[0])
    note = f"Ångrade uppdateringen från {target['created_at']}"
    if what == "aktivitet":
        row = ak.by_ref(ctx)[ref]
        sa.add_update(ctx.store, aktivitet_id=row["id"], author=ctx.user or "?", text=note,
                      status=None, percent=None, now=ctx.now, kind="undo", ref_id=target["id"],
                      event_id=event_id)
        now = ak.info(ctx, ref, row)
        return UndoneResult(key=ref, what=what, undone=update_info(target, set()),
                            status=now.status, percent=now.percent)
    row = ctx.snap.uppdrag_by_key[ref]
    w.add_update(ctx.store, doc_id=row["doc_id"], key=row["plan_key"], author=ctx.user or "?",
                 text=note, status=None, percent=None, now=ctx.now, kind="undo",
                 ref_id=target["id"], event_id=event_id)
    st = uppdrag_state(plan_updates(ctx, ref), row["initial_status"])
    return UndoneResult(key=ref, undone=update_info(target, set()),
                        status=st.status.value if st.status else None, percent=st.percent)


@register(History, title="Historik", help="Varje uppdatering av ett uppdrag med vem, när, status och text, och ändringar av ansvariga.",
          examples=("historik 3.2",))
def answer_history(cmd: History, ctx: Context) -> r.Result:
    require_plan(ctx)
    row = require_uppdrag(ctx, cmd.key)
    entries = plan_updates(ctx, cmd.key)
    undone = {e["ref_id"] for e in entries if e["kind"] == "undo" and e["ref_id"]}
    st = uppdrag_state(entries, row["initial_status"])
    roles = [e for e in q.role_events(ctx.store, "owner") if e["subject"] == row["subject"]]
    return HistoryResult(key=cmd.key, title=row["title"],
                         entries=[update_info(e, undone) for e in entries],
                         roles=[{"user": e["user"], "action": e["action"], "author": e["author"],
                                 "at": e["created_at"]} for e in roles],
                         status=st.status.value if st.status else None, percent=st.percent)
