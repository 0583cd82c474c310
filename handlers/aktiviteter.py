"""Aktiviteter in chat: an owner updates one by its key like an uppdrag ("uppdatera 3.2.1:
Två dialoger klara, pågår 60 %"), anyone asks for one ("aktivitet 3.2.1", "3.2.1?"), and the
uppdrag card lists its aktiviteter (`for_uppdrag`, used by handlers/uppdrag.py).

An aktivitet's reference in chat is its key, with the nämnd's short name before it in
another nämnd's plan ("BUN 3.2.1"), as for uppdrag. Who may update: the aktivitet's own
owners, its uppdrag's owners, and admins (`may_update`). Owners are set by admins in chat
("ansvarig 3.2.1 @anna", handlers/roles.py) and kept in the role log under the aktivitet's
identity (its uppdrag's nämnd, year and its key: "ks/2026/3.2.1"), never the key users see.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar, Literal

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context, UserError
from bot.core.matching import content_words
from bot.core.mentions import as_written
from bot.core.parse import Query, analyse, card_part
from bot.core.patterns import lazy  # compiled when first used (cold start)
from bot.core.permissions import admins, is_admin, people
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot
from bot.core.views import owners_by_key, update_info
from bot.domain.plan import key_order
from bot.domain.text import fold
from handlers.updates import Update, UpdateStoredResult, require_content, split_report, uppdrag_ref
from store import aktiviteter as sa
from store.db import Row

# an aktivitet key, optionally after the short name of another nämnd: "3.2.1", "BUN 3.2.1"
_KEY = r"(?:(?P<nm>[^\W\d_]{2,8})\s+)?(?P<a>\d{1,2})\s?[.,]\s?(?P<b>\d{1,2})\s?[.,]\s?(?P<c>\d{1,2})"
_UPDATE = lazy(rf"^\s*(?P<verb>uppdatera|uppdatering|rapport(?:era)?|rätta|rättelse)\s+"
               rf"(?:aktivitet(?:en)?\s+)?{_KEY}(?![\d.,])\s*[:\-–]?\s*(?P<body>.*)$",
               re.IGNORECASE | re.DOTALL)
_CARD = lazy(rf"^\s*(?:(?:status|läget)\s+(?:för\s+)?)?(?:aktivitet(?:en)?\s+)?{_KEY}\s*\??\s*$",
             re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class AktivitetUpdate(Update):
    """An aktivitet's progress update: the fields of an uppdrag's."""

    name: ClassVar[str] = "uppdatera aktivitet"


@dataclass(frozen=True, kw_only=True)
class AktivitetCard(Command):
    name: ClassVar[str] = "aktivitet"
    key: str
    # "hur följs 5.3.1 upp?", "vem ansvarar?" after it: that first
    asks: Literal["uppföljning", "ansvarig", "uppdaterad"] | None = None


@dataclass(frozen=True, kw_only=True)
class AktivitetList(Command):
    """The aktiviteter of the plans in force ("vilka aktiviteter finns?"), or those late
    ("vilka aktiviteter är försenade?") or not done ("… är inte klara?")."""

    name: ClassVar[str] = "aktiviteter"
    late: bool = False
    not_late: bool = False
    not_done: bool = False
    done: bool = False  # only those done ("vilka aktiviteter är klara?")
    no_status: bool = False  # only those with no status reported ("… saknar status?")
    budget: bool = False  # only those that affect the budget ("… med budgetpåverkan?")
    ansvar: str | None = None  # only those of this unit ("vilka aktiviteter har planenheten?")
    malomrade: int | None = None  # only those of this målområde ("aktiviteter i målområde 5")
    silent: bool = False  # only the silent ones ("vilka aktiviteter är tysta?")


@dataclass(kw_only=True)
class AktivitetListResult(r.Result):
    template: ClassVar[str] = "aktivitet_list.j2"
    heading: str
    items: list[r.AktivitetInfo]
    empty: str


@dataclass(kw_only=True)
class AktivitetCardResult(r.Result):
    template: ClassVar[str] = "aktivitet_card.j2"
    aktivitet: r.AktivitetInfo
    asks: str | None = None


@dataclass(kw_only=True)
class AktivitetStoredResult(UpdateStoredResult):
    template: ClassVar[str] = "aktivitet_stored.j2"


# --- matching -----------------------------------------------------------------------------


def _ref(snap: Snapshot, m: re.Match[str]) -> str:
    """The aktivitet reference a matched key stands for ("bun 3.2.1" → "BUN 3.2.1")."""
    return f"{uppdrag_ref(snap, m)}.{int(m.group('c'))}"


def match_aktivitet(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """An update of, or a question about, an aktivitet by its key; else None. Pure."""
    m = _UPDATE.match(text.strip())
    if m:
        body = as_written(m.group("body").strip())  # people as @ID in the stored words
        report = split_report(body)
        return AktivitetUpdate(key=_ref(snap, m), text=report.text or body, status=report.status,
                               percent=report.percent, unsure=report.unsure,
                               unsure_percent=report.unsure_percent,
                               correction=m.group("verb").lower().startswith("rätt"))
    m = _CARD.match(text.strip())
    if m:
        return AktivitetCard(key=_ref(snap, m))
    return _list_asked(text, snap)


# the aktiviteter asked as a kind, with no uppdrag named: "vilka aktiviteter finns?",
# "hur många aktiviteter är försenade?", "aktiviteter som inte är klara"
_LIST = lazy(r"^(?:(?:vilka|vilken|vilket|hur\s+manga|lista|visa|alla|finns\s+det|which|show)\b.*\b)?"
             r"aktivitet(?:er|erna)?\b(?P<rest>.*)$")
_LIST_REST = lazy(r"^\s*(?:(?:finns|har\s+vi|totalt|i\s+verksamhetsplanen|ar|som|det|nagon|nagra|"
                  r"(?P<not>inte|ej|not)|(?P<late>forsenade?|forsenat|late)|"
                  r"(?P<done>klara|klar|fardiga|done)|finns\s+det|"
                  # "… saknar status?", "… utan status", "… har ingen status"
                  r"(?P<nostatus>(?:saknar|utan|har\s+ingen|ingen|without|no)\s+(?:status|statusen|"
                  r"uppdatering|rapport))|"
                  # "… med budgetpåverkan?", "… som påverkar budgeten?"
                  r"(?P<budget>(?:med|har)\s+budgetpaverkan|paverkar\s+budgeten|budgetpaverkan)|"
                  # "… i målområde 5", "… i mo 5"; "… är tysta?"
                  r"(?:i|inom|for|under)\s+(?:malomrade|malomradet|mo)\s*(?P<area>[1-9])|"
                  r"(?P<silent>tysta|tyst|inaktiva|silent))"
                  r"\s*)*\??\s*$")


def _list_asked(text: str, snap: Snapshot) -> Command | None:
    """"vilka aktiviteter finns?", "vilka aktiviteter är försenade?", "… inte klara?": the
    list (not uppdrag 2.2, whose uppföljning says "Aktiviteter i definierad åtgärdsplan")."""
    if not snap.aktivitet_titles:
        return None
    plain = " ".join(re.findall(r"\w+", fold(text)))
    if (unit := _unit_named(plain, snap)) is not None and _OF_UNIT.search(plain):
        # "vilka aktiviteter har HR-avdelningen?", "vad gör planenheten?": that unit's
        return AktivitetList(ansvar=unit)
    if _UPPDRAG_WITH.search(plain) and not re.search(r"\d", plain):
        # "vilka uppdrag saknar aktiviteter?", "… har aktiviteter?": the uppdrag, by whether
        # the verksamhetsplan answers them (not the aktiviteter listed)
        from handlers.uppdrag import UppdragList  # (it imports this module)
        answered = {k.rsplit(".", 1)[0] for k in snap.aktivitet_titles}
        without = bool(re.search(r"\b(?:saknar|utan|inga|inte|ej|without|no)\b", plain))
        keys = tuple(u["key"] for u in snap.uppdrag if (u["key"] in answered) != without)
        return UppdragList(keys=keys, search="utan aktiviteter" if without else "med aktiviteter")
    # "försenade aktiviteter", "tysta aktiviteter i mo 3": the word after, as "… är försenade"
    plain = _BEFORE.sub(r"\2 \1\3", plain)
    m = _LIST.match(plain)
    if m is None:
        return None
    rest = _LIST_REST.match(m.group("rest"))
    if rest is None:
        if (other := _OTHER_UNIT.match(m.group("rest"))) is not None:
            # "vilka aktiviteter har IT?": a unit with no aktiviteter in the plans (not uppdrag
            # 2.2, whose uppföljning says "Aktiviteter …")
            from handlers.help import Unknown  # (it imports the handlers)
            typed = [w for w in re.findall(r"\w+", text) if fold(w) == other.group("unit")]
            return Unknown(text=text, kind="aktivitet", about=(typed or [other.group("unit")])[-1],
                           unsure=True)
        return None  # "vilka aktiviteter har uppdrag 3.2?": that uppdrag's card
    late, negated = bool(rest.group("late")), bool(rest.group("not"))
    done = bool(rest.group("done")) and not late
    return AktivitetList(late=late and not negated, not_late=late and negated,
                         not_done=negated and done, done=done and not negated,
                         no_status=bool(rest.group("nostatus")), budget=bool(rest.group("budget")),
                         malomrade=int(rest.group("area")) if rest.group("area") else None,
                         silent=bool(rest.group("silent")))


_BEFORE = lazy(r"^(forsenade|klara|tysta|inaktiva|late|silent)\s+(aktivitet(?:er|erna)?)\b(.*)$")


# "… har IT", "… för kommunikation", "… hos socialtjänsten": one word, a unit not in the plans
_OTHER_UNIT = lazy(r"^\s*(?:har|for|hos|pa|inom)\s+(?P<unit>(?!uppdrag|malomrade)[a-z]\w*)\s*$")


# the uppdrag asked by their aktiviteter: "vilka uppdrag saknar aktiviteter?"
_UPPDRAG_WITH = lazy(r"^(?:vilka|vilket|hur\s+manga|which)\s+uppdrag\w*\s+(?:\w+\s+){0,3}"
                     r"aktivitet(?:er|erna)?\s*$")
# what a unit does, asked: "vilka aktiviteter har …", "vad gör …", "vad jobbar … med"
_OF_UNIT = lazy(r"\baktivitet\w*\b|^vad\s+(?:gor|har|jobbar|arbetar|ansvarar)\b")


def _unit_named(plain: str, snap: Snapshot) -> str | None:
    """The one unit responsible for aktiviteter that a message names in full ("hr
    avdelningen", "planenheten", "mark och exploateringsenheten"), folded as the message is;
    else None."""
    def make() -> list[tuple[str, re.Pattern[str]]]:
        units = {u: " ".join(re.findall(r"\w+", fold(u))) for u in set(snap.aktivitet_ansvar.values())}
        out = []
        for u, words in sorted(units.items()):
            forms = [re.escape(words), re.escape(words.replace(" ", ""))]
            # an avdelning by its short name, as staff write it: "hr", "hr avd", "ekonomi"
            # ("HR-avdelningen", "Ekonomiavdelningen"); an enhet only in full
            stem = re.sub(r"\s?avdelningen$", "", words)
            if stem != words and len(stem) >= 2:
                forms.append(rf"{re.escape(stem)}(?:\s?avd(?:elning(?:en|ens)?)?)?")
            out.append((u, re.compile(rf"\b(?:{'|'.join(forms)})\b")))
        return out

    named = [u for u, said in snap.memoised("aktivitet_units", None, make) if said.search(plain)]
    return named[0] if len(named) == 1 else None


# words that ask whether or when something was last reported: "när uppdaterades 3.2 senast?",
# "nån som uppdaterat 3.2.1 nyligen?", "har någon rapporterat om 3.2?"
_LAST_ASKED = ("nar", "vem", "senast", "senaste", "when", "who", "last", "nyligen", "nagon",
               "nan", "nagot", "nat", "recently", "anyone", "somebody", "someone")


def asks_latest_update(q: Query) -> bool:
    """Whether a question about one uppdrag or aktivitet asks its latest update (when and by
    whom, and what it said), not when it is due ("när ska 1.2 rapporteras?": unless
    "senast" says so)."""
    due = bool(set(q.words) & {"rapporteras", "rapportera", "uppdateras", "redovisas"}) and \
        not q.phrase("senast", "senaste", "last")
    return (any(w.startswith(("uppdater", "rapporter")) for w in q.words) and not due and
            q.phrase(*_LAST_ASKED)) or (
        any(w.startswith("rapport") for w in q.words) and q.phrase("senast", "senaste")) or \
        q.phrase(*NEWS_ASKED)


# "vad har hänt i 3.2?", "nåt nytt om 1.4?", "any news on 5.2?": its latest update asked
NEWS_ASKED = ("vad har hant", "vad hande", "vad hander", "nagot nytt", "nat nytt", "nytt om",
               "nytt i", "nyheter", "whats new", "what is new", "any news", "news on",
               "har nagot hant", "har nat hant", "hant nagot", "hant nat", "vad ar nytt",
               "nytt med")


def match_aktivitet_asked(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """"vem uppdaterade 3.2.1?", "när ska 3.2.2 vara klar?": a short question naming one
    aktivitet of the plans by its key is about it; after the matchers that write ("ansvarig
    3.2.1 @anna" names its owner). Pure."""
    keys = [k for k in _IN_TEXT.findall(text) if ".".join(str(int(p)) for p in k) in
            snap.aktivitet_titles]
    if len(keys) == 1 and len(text.split()) <= 8 and "@" not in text:
        part = card_part(analyse(text, snap))
        q = analyse(text, snap)
        who = (q.has("owner") or q.phrase("vem", "who")) and not any(
            w.startswith(("uppdater", "rapporter", "skrev")) for w in q.words)  # "vem uppdaterade …"
        return AktivitetCard(key=".".join(str(int(p)) for p in keys[0]),
                             asks="uppföljning" if part == "uppföljning" else
                             "uppdaterad" if asks_latest_update(q) else
                             "ansvarig" if who else None)
    return None


_IN_TEXT = lazy(r"(?<![\d.,])(\d{1,2})\s?[.,]\s?(\d{1,2})\s?[.,]\s?(\d{1,2})(?![\d.,]*\d)")


# a word long enough to be a name of its own (a compound: "investerardialog")
_LONG = 10


def match_aktivitet_named(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """"hur går det med investerardialogerna?": the one aktivitet whose title has a long
    word of the message that names nothing else of the plan (no uppdrag, indicator or budget
    line has it, nor a word like it), and no other word of the message names something of
    the plan; else None. Pure."""
    if not snap.aktivitet_titles:
        return None
    q = analyse(text, snap)
    if q.has("indikator", "uppdrag", "budget", "avvikelse", "investering", "malomrade"):
        return None  # "vilka indikatorer mäts månatligen?" asks of another kind of thing
    # "vem äger aktiviteten om korttidsfrånvaro?": an aktivitet named as one, so a word near
    # another thing's is its title's all the same, and the asking words name nothing
    explicit = any(w.startswith("aktivitet") for w in q.words)
    core = [w for w in q.core if not (explicit and (w.startswith("aktivit") or w in _ASKING))]
    if not any(len(w) >= _LONG and (explicit or not snap.index.similar(w, compounds=True))
               for w in core):
        return None  # "korttidsfrånvaro" is near the indicator's "korttidssjukfrånvaro"

    def has(title: list[str], w: str) -> bool:
        # a word that only begins with a title word and goes on by more than an ending is
        # a compound of it naming another thing ("verksamhetsplan" is no "verksamhet")
        return any(t == w or (len(w) >= _LONG and (
            t.startswith(w) or w.startswith(t) and len(w) - len(t) <= 3)) for t in title)

    def names_it(title: list[str]) -> bool:
        # the long word is the title's, and no other word names something else of the plan
        # ("hur långt har de kommit?" is no name)
        mine = [w for w in core if has(title, w)]
        return any(len(w) >= _LONG for w in mine) and not any(
            w in snap.index.vocab_set for w in core if w not in mine)

    titles = snap.memoised("aktivitet_title_words", None, lambda: {
        ref: content_words(title) for ref, title in snap.aktivitet_titles.items()})
    found = [ref for ref, words in titles.items() if names_it(words)]
    if len(found) != 1:
        return None
    who = explicit and (q.has("owner") or q.phrase("vem", "who")) and not any(
        w.startswith(("uppdater", "rapporter", "skrev")) for w in q.words)
    return AktivitetCard(key=found[0], asks="uppdaterad" if explicit and asks_latest_update(q)
                         else "ansvarig" if who else None)


_ASKING = frozenset({"vem", "vilka", "vilken", "vad", "nar", "hur", "who", "what", "when"})


# --- reading ------------------------------------------------------------------------------


def by_ref(ctx: Context) -> dict[str, Row]:
    """Every aktivitet of the plans in force by its reference in chat (changes on import)."""
    def make() -> dict[str, Row]:
        out = {}
        for a in sa.aktiviteter(ctx.store):
            if a["uppdrag_doc_id"] in ctx.snap.prefixes:
                out[ctx.snap.ref(a["uppdrag_doc_id"], a["key"])] = a
        return out

    return ctx.snap.memoised("aktiviteter", ctx.snap.version, make)  # type: ignore[no-any-return]


def info(ctx: Context, ref: str, row: Row, entries: list[Row] | None = None) -> r.AktivitetInfo:
    """An aktivitet as shown (``entries``: its updates, when the caller has read them all)."""
    from bot.documents.follow import item_state  # the same state as the report's and workbook's

    if entries is None:
        entries = sa.updates(ctx.store, row["id"])
    deadlines = [(dt.date.fromisoformat(d["date"]) if d["date"] else None, d["body"], d["label"])
                 for d in row["deadlines"]]
    st = item_state(row, ref, entries, [], deadlines, ctx.now)
    undone = {e["ref_id"] for e in entries if e["kind"] == "undo" and e["ref_id"]}
    latest = next((e for e in reversed(entries) if e["kind"] != "undo" and e["id"] not in undone), None)
    parent = ref.rsplit(".", 1)[0]
    up = ctx.snap.uppdrag_by_key.get(parent)
    owners = owners_by_key(ctx)
    return r.AktivitetInfo(ref=ref, title=row["title"], uppdrag=parent,
                           uppdrag_title=up["title"] if up else None, ansvar=row["ansvar"],
                           status=st.status, percent=st.percent, late=st.late, silent=st.silent,
                           colour=st.colour, deadlines=deadlines,
                           latest=update_info(latest, undone) if latest else None,
                           budgetpaverkan=bool(row["budgetpaverkan"]), forvaltning=row["forvaltning"],
                           uppfoljning=row.get("uppfoljning"),
                           owners=owners.get(ref, []), uppdrag_owners=owners.get(parent, []))


def for_uppdrag(ctx: Context, ref: str) -> list[r.AktivitetInfo]:
    """The aktiviteter answering uppdrag ``ref``, in key order (for the uppdrag card), their
    updates read in one query."""
    rows = {k: a for k, a in by_ref(ctx).items() if k.rsplit(".", 1)[0] == ref}
    entries = sa.updates_by_aktivitet(ctx.store, [a["id"] for a in rows.values()])
    return [info(ctx, k, a, entries.get(a["id"], [])) for k, a in rows.items()]


def all_infos(ctx: Context, areas: tuple[int, ...] | list[int] | set[int] = ()) -> list[r.AktivitetInfo]:
    """Every aktivitet of the plans in force (in målområden ``areas``, if given), their
    updates read at once (the digest)."""
    rows = {k: a for k, a in by_ref(ctx).items() if not areas or a["malomrade"] in areas}
    if not rows:
        return []
    entries = sa.updates_by_aktivitet(ctx.store)
    return [info(ctx, k, a, entries.get(a["id"], [])) for k, a in rows.items()]


def summary(items: list[r.AktivitetInfo]) -> str:
    """"1 av 3 klara, 1 försenad, 1 tyst": the roll-up on the uppdrag card."""
    from bot.documents.follow import rollup_text

    return rollup_text({"antal": len(items), "klara": sum(a.status == "klar" for a in items),
                        "försenade": sum(a.late for a in items),
                        "tysta": sum(a.silent and not a.late for a in items)})


def find(ctx: Context, key: str) -> Row:
    """The aktivitet users call ``key`` ("3.2.1", "BUN 3.2.1"), or a refusal naming those there are."""
    row = by_ref(ctx).get(key)
    if row is None:
        parent = key.rsplit(".", 1)[0]
        others = [k for k in by_ref(ctx) if k.rsplit(".", 1)[0] == parent]
        hint = (f" Uppdrag {parent} har aktiviteterna {', '.join(others)}." if others else
                f" Uppdrag {parent} har inga aktiviteter inlästa." if parent in ctx.snap.uppdrag_by_key
                else f" Det finns inget uppdrag {parent} heller.")
        raise UserError(f"Det finns ingen aktivitet {key}.{hint}")
    return row


def subject(ctx: Context, key: str) -> str:
    """The identity of aktivitet ``key`` in the role log: its uppdrag's identity ("ks/2026/3.2")
    with the aktivitet's own number ("ks/2026/3.2.1"), whatever prefix users see."""
    parent, _, last = key.rpartition(".")
    return f"{ctx.snap.uppdrag_by_key[parent]['subject']}.{last}"


def may_update(ctx: Context, key: str) -> tuple[bool, list[str], list[str]]:
    """Whether the one who asks may update aktivitet ``key``: its own owners, its uppdrag's
    owners (who answer for the uppdrag the aktivitet carries out) and admins may. Returns
    (may, its own owners, its uppdrag's owners)."""
    owners = owners_by_key(ctx)
    own, theirs = owners.get(key, []), owners.get(key.rsplit(".", 1)[0], [])
    return bool(ctx.user and (ctx.user in own or ctx.user in theirs or is_admin(ctx))), own, theirs


# --- answers ------------------------------------------------------------------------------


@register(AktivitetCard, title="Status för en aktivitet",
          help="En aktivitet i förvaltningens verksamhetsplan: uppdrag, ansvar, status, deadlines och senaste uppdatering.",
          examples=("aktivitet 3.2.1", "3.2.1?"))
def answer_card(cmd: AktivitetCard, ctx: Context) -> r.Result:
    return AktivitetCardResult(aktivitet=info(ctx, cmd.key, find(ctx, cmd.key)), asks=cmd.asks)


@register(AktivitetList, title="Aktiviteter",
          help="Förvaltningens aktiviteter, alla eller de försenade eller inte klara.",
          examples=("vilka aktiviteter finns?", "vilka aktiviteter är försenade?"))
def answer_list(cmd: AktivitetList, ctx: Context) -> r.Result:
    items = sorted(all_infos(ctx), key=lambda a: key_order(a.ref))
    heading, empty = "Aktiviteter", "Inga aktiviteter är inlästa."
    if cmd.late:
        items = [a for a in items if a.late]
        heading, empty = "Försenade aktiviteter", "Ingen aktivitet är försenad."
    elif cmd.not_late:
        items = [a for a in items if not a.late]
        heading, empty = "Aktiviteter som inte är försenade", "Alla aktiviteter är försenade."
    elif cmd.not_done:
        items = [a for a in items if a.status != "klar"]
        heading, empty = "Aktiviteter som inte är klara", "Alla aktiviteter är klara."
    elif cmd.done:
        items = [a for a in items if a.status == "klar"]
        heading, empty = "Klara aktiviteter", "Ingen aktivitet är klar ännu."
    elif cmd.no_status:
        items = [a for a in items if not a.status]
        heading, empty = "Aktiviteter utan rapporterad status", "Alla aktiviteter har en status."
    if cmd.ansvar is not None:
        items = [a for a in items if a.ansvar == cmd.ansvar]
        heading, empty = f"Aktiviteter för {cmd.ansvar}", f"{cmd.ansvar} har inga aktiviteter."
    if cmd.budget:
        items = [a for a in items if a.budgetpaverkan]
        heading, empty = "Aktiviteter med budgetpåverkan", "Ingen aktivitet är markerad med budgetpåverkan."
    if cmd.silent:
        items = [a for a in items if a.silent]
        heading, empty = "Tysta aktiviteter", "Ingen aktivitet är tyst."
    if cmd.malomrade is not None:
        items = [a for a in items if a.ref.split(".")[0] == str(cmd.malomrade)]
        heading = f"{heading} i målområde {cmd.malomrade}"
        empty = f"Målområde {cmd.malomrade} har inga sådana aktiviteter." if cmd.silent or \
            cmd.late or cmd.done or cmd.not_late or cmd.not_done or cmd.no_status or cmd.budget \
            else f"Målområde {cmd.malomrade} har inga aktiviteter."
    return AktivitetListResult(heading=f"{heading} ({len(items)})", items=items, empty=empty)


@register(AktivitetUpdate, title="Uppdatera en aktivitet",
          help="Som för uppdrag: aktivitetens ansvariga, uppdragets ansvariga och admins rapporterar "
               "status, procent och text.",
          examples=("uppdatera 3.2.1: Två av tre dialoger klara, pågår 60 %",))
def answer_update(cmd: AktivitetUpdate, ctx: Context, event_id: str | None = None) -> r.Result:
    row = find(ctx, cmd.key)
    allowed, own, theirs = may_update(ctx, cmd.key)
    if not allowed:
        parent = cmd.key.rsplit(".", 1)[0]
        raise UserError(
            f"Du kan inte uppdatera aktivitet {cmd.key}: bara dess ansvariga ({people(own)}), "
            f"ansvariga för uppdrag {parent} ({people(theirs)}) och administratörer "
            f"({people(admins(ctx))}) får göra det. Inget har sparats. En administratör kan lägga "
            f"till dig med \"ansvarig {cmd.key} @du\".")
    require_content(cmd, "Två dialoger klara, pågår 60 %")
    saved, new = sa.add_update(ctx.store, aktivitet_id=row["id"], author=ctx.user or "?",
                               text=cmd.text, status=cmd.status.value if cmd.status else None,
                               percent=cmd.percent, now=ctx.now,
                               kind="correction" if cmd.correction else "update", event_id=event_id)
    return AktivitetStoredResult(key=cmd.key, title=row["title"], update=update_info(saved, set()),
                                 duplicate=not new, correction=cmd.correction,
                                 unsure=cmd.unsure.value if cmd.unsure else None,
                                 unsure_percent=cmd.unsure_percent)
