"""Subscriptions to the weekly digest and leadership settings, managed in chat (admins).

"prenumerera veckobrev måndag 08:00" (optionally "målområde 2 och 5", or "ekonomi" for the
budget deviations only) in a channel subscribes that channel; a channel can also be named
("… #ledningsgrupp"). "prenumerationer" lists them, "avsluta prenumeration" ends one.
"ledning @person", "ta bort ledning @person" and "ledning" manage who gets the leadership's
summaries (besides STYRBOT_LEADERS).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar, Literal

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context, UserError
from bot.core.mentions import CHANNEL_TOKEN, PERSON_TOKEN, mentions
from bot.core.permissions import leaders, require_admin
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot
from bot.domain.calendar import DAY_CLOSES, DAY_OPENS, WEEKDAYS, parse_hhmm
from bot.domain.text import fold
from store import subscriptions as subs
from store import writes as w

Kind = Literal["full", "ekonomi"]

# a channel's token (bot/core/mentions.py), or its ID typed: "#C0LEDNING"
_CHANNEL = re.compile(rf"{CHANNEL_TOKEN}|(?<![\w<])#([CG][A-Z0-9]{{6,}})\b")
_USER = re.compile(PERSON_TOKEN)
_PLAIN_ID = re.compile(r"(?<![\w<])[#@]?([UWCG][A-Z0-9]{6,})\b")


@dataclass(frozen=True, kw_only=True)
class Subscribe(Command):
    name: ClassVar[str] = "prenumerera"
    writes: ClassVar[bool] = True
    weekday: int = 0
    at: str = "08:00"
    areas: tuple[int, ...] = ()
    kind: Kind = "full"
    channel: str | None = None  # named in the message; else the channel it was written in


@dataclass(frozen=True, kw_only=True)
class ListSubscriptions(Command):
    name: ClassVar[str] = "prenumerationer"


@dataclass(frozen=True, kw_only=True)
class Unsubscribe(Command):
    name: ClassVar[str] = "avsluta prenumeration"
    writes: ClassVar[bool] = True
    number: int | None = None
    channel: str | None = None


@dataclass(frozen=True, kw_only=True)
class SetLeaders(Command):
    name: ClassVar[str] = "ledning"
    writes: ClassVar[bool] = True
    ids: tuple[str, ...]
    remove: bool = False


@dataclass(frozen=True, kw_only=True)
class ListLeaders(Command):
    name: ClassVar[str] = "vilka är ledningen"


# --- parsing ----------------------------------------------------------------------------------

_DAYS = {"mandag": 0, "man": 0, "tisdag": 1, "tis": 1, "onsdag": 2, "ons": 2, "torsdag": 3,
         "tors": 3, "tor": 3, "fredag": 4, "fre": 4, "lordag": 5, "lor": 5, "sondag": 6, "son": 6}
_SUBSCRIBE = re.compile(r"^(?:prenumerera|abonnera)(?:\s+pa)?(?:\s+(?:veckobrev(?:et)?|veckobrev|"
                        r"veckosammanfattning(?:en)?|sammanfattning(?:en)?|digest))?\b(.*)$")
_LIST = re.compile(r"^(?:visa\s+|lista\s+|vilka\s+)?prenumerationer(?:na)?(?:\s+finns)?\s*\??$")
_END = re.compile(r"^(?:avsluta|avbryt|stoppa|ta bort|sluta)\s+(?:prenumeration(?:en)?|prenumerera|"
                  r"veckobrev(?:et)?)(?:\s+(?:nr\.?\s*)?(\d+))?\s*$")
_LEADERS = re.compile(r"^(ta bort\s+)?ledning(?:en)?(?:\s+(.*))?$")
_FILLER = {"varje", "kl", "kl.", "klockan", "i", "till", "kanalen", "kanal", "pa", "for", "med",
           "och", "om", "veckobrev", "veckobrevet", "ett", "den", "bara", "endast", "digest"}


def _channel_in(text: str) -> tuple[str | None, str]:
    m = _CHANNEL.search(text)
    if not m:
        return None, text
    return m.group(1) or m.group(2), text[: m.start()] + " " + text[m.end():]


def match_subscription(text: str, snap: Snapshot | None = None,
                       today: dt.date | None = None) -> Command | None:
    """A subscription or leadership command ("prenumerera veckobrev måndag 08:00", …), or None."""
    channel, rest = _channel_in(text.strip())
    low = fold(rest).strip(" ?!.")
    if _LIST.match(low):
        return ListSubscriptions()
    m = _END.match(low)
    if m:
        return Unsubscribe(number=int(m.group(1)) if m.group(1) else None, channel=channel)
    m = _SUBSCRIBE.match(low)
    if m:
        return _parse_subscribe(m.group(1), channel)
    m = _LEADERS.match(low)
    if m:
        ids = _ids(text)
        if not m.group(2) and channel is not None:  # "ledning #kanal": the channel was taken out
            return SetLeaders(ids=ids or (channel,), remove=bool(m.group(1)))
        if not m.group(2):
            return None if m.group(1) else ListLeaders()
        if fold(m.group(2)) in ("?", "vilka", "lista", "visa"):
            return ListLeaders()
        return SetLeaders(ids=ids, remove=bool(m.group(1))) if ids else None
    return None


def _ids(text: str) -> tuple[str, ...]:
    found = [*_USER.findall(text), *(a or b for a, b in _CHANNEL.findall(text))]
    if not found:
        found = _PLAIN_ID.findall(text)
    if not found:  # typed by hand: "ledning @anna"
        found = list(mentions(text))
    return tuple(dict.fromkeys(found))


def _parse_subscribe(rest: str, channel: str | None) -> Subscribe:
    weekday, at, areas = 0, "08:00", []
    kind: Kind = "full"
    words = re.findall(r"[\w:.]+", rest.replace(",", " "))
    i = 0
    while i < len(words):
        w = words[i].strip(".")
        if w in _DAYS or w.rstrip("ar") in _DAYS:
            weekday = _DAYS.get(w, _DAYS.get(w.rstrip("ar"), 0))
        elif re.fullmatch(r"\d{1,2}([:.]\d{2})?", w):
            h, _, mnt = w.replace(".", ":").partition(":")
            if int(h) > 23 or int(mnt or 0) > 59:
                raise UserError(f"{w} är ingen giltig tid. Skriv t.ex. 08:00.")
            at = f"{int(h):02d}:{int(mnt or 0):02d}"
        elif w in ("malomrade", "malomraden", "omrade", "omraden"):
            while i + 1 < len(words) and (words[i + 1].isdigit() or words[i + 1] in ("och", "&")):
                i += 1
                if words[i].isdigit():
                    areas.append(int(words[i]))
        elif w in ("ekonomi", "ekonomin", "budget", "avvikelser", "budgetavvikelser"):
            kind = "ekonomi"
        elif w not in _FILLER:
            raise UserError(f"Jag förstod inte \"{w}\". Skriv t.ex. \"prenumerera veckobrev måndag 08:00\", "
                            "gärna med \"målområde 2 och 5\" eller \"ekonomi\".")
        i += 1
    return Subscribe(weekday=weekday, at=at, areas=tuple(sorted(set(areas))), kind=kind,
                     channel=channel)


# --- results ------------------------------------------------------------------------------------


@dataclass(kw_only=True)
class SubscriptionView(r.Result):
    """A subscription as shown: its channel, when and what."""

    template: ClassVar[str] = ""
    number: int
    channel: str
    when: str
    what: str
    here: bool = False


@dataclass(kw_only=True)
class SubscriptionsResult(r.Result):
    template: ClassVar[str] = "subscriptions.j2"
    heading: str
    items: list[SubscriptionView]
    note: str | None = None
    empty: str = "Inga kanaler prenumererar på veckobrevet."


@dataclass(kw_only=True)
class LeadersResult(r.Result):
    template: ClassVar[str] = "subscriptions.j2"
    heading: str
    leaders: list[str]
    fixed: list[str]
    note: str | None = None


def describe(row: dict) -> tuple[str, str]:  # type: ignore[type-arg]
    """("måndagar 08:00", "allt" / "målområde 2 och 5" / "ekonomi") for a subscription row."""
    when = f"{WEEKDAYS[row['weekday']]}ar {row['at']}"
    if row["kind"] == "ekonomi":
        return when, "budgetavvikelser (ekonomi)"
    areas = [a for a in row["areas"].split(",") if a]
    if areas:
        return when, "målområde " + (" och ".join([", ".join(areas[:-1]), areas[-1]]) if len(areas) > 1 else areas[0])
    return when, "hela planen"


def _view(row: dict, here: str | None) -> SubscriptionView:  # type: ignore[type-arg]
    when, what = describe(row)
    return SubscriptionView(number=row["id"], channel=row["channel"], when=when, what=what,
                            here=row["channel"] == here)


# --- where --------------------------------------------------------------------


def _target_channel(cmd_channel: str | None, ctx: Context) -> str:
    channel = cmd_channel or ctx.channel
    if not channel:
        raise UserError("Skriv det i kanalen som ska få veckobrevet, eller nämn kanalen: "
                        "\"prenumerera veckobrev måndag 08:00 #ledningsgrupp\".")
    return channel


# --- answers ------------------------------------------------------------------------------------


@register(Subscribe, title="Prenumerera på veckobrevet",
          help="Admins låter en kanal få veckobrevet (nya värden, indikatorer som inte når målet, "
               "största budgetavvikelserna, deadlines, försenade och tysta uppdrag) en viss veckodag "
               "och tid; för vissa målområden, eller bara ekonomi.",
          examples=("prenumerera veckobrev måndag 08:00", "prenumerera veckobrev fredag 13:00 målområde 2 och 5",
                    "prenumerera veckobrev måndag 08:00 ekonomi"))
def answer_subscribe(cmd: Subscribe, ctx: Context, event_id: str | None = None) -> r.Result:
    require_admin(ctx, "ändra prenumerationer")
    channel = _target_channel(cmd.channel, ctx)
    if cmd.weekday > 4:
        raise UserError("Veckobrevet går bara ut vardagar. Välj måndag till fredag.")
    t = parse_hhmm(cmd.at)
    if not DAY_OPENS <= t < DAY_CLOSES:
        raise UserError(f"Veckobrevet skickas inte på natten. Välj en tid från "
                        f"{DAY_OPENS:%H:%M} och före {DAY_CLOSES:%H:%M}.")
    have = {m["number"] for m in ctx.snap.malomraden}
    missing = [a for a in cmd.areas if have and a not in have]
    if missing:
        raise UserError(f"Målområde {', '.join(map(str, missing))} finns inte. Det finns: "
                        f"{', '.join(str(n) for n in sorted(have))}.")
    row, new = subs.add(ctx.store, channel=channel, weekday=cmd.weekday, at=cmd.at, areas=cmd.areas,
                        kind=cmd.kind, author=ctx.user or "?", now=ctx.now)
    view = _view(row, ctx.channel)
    heading = "Prenumerationen är sparad" if new else "Den prenumerationen finns redan"
    return SubscriptionsResult(
        heading=heading, items=[view],
        note="Helgdagar flyttas till nästa vardag, samma tid. \"avsluta prenumeration\" avslutar.")


@register(ListSubscriptions, title="Prenumerationer",
          help="Vilka kanaler som får veckobrevet, när och om vad.",
          examples=("prenumerationer",))
def answer_list_subscriptions(cmd: ListSubscriptions, ctx: Context) -> r.Result:
    here = ctx.channel
    return SubscriptionsResult(heading="Prenumerationer på veckobrevet",
                               items=[_view(s, here) for s in subs.active(ctx.store)])


@register(Unsubscribe, title="Avsluta en prenumeration",
          help="Admins avslutar kanalens prenumeration (eller en viss, med numret från listan).",
          examples=("avsluta prenumeration", "avsluta prenumeration 2"))
def answer_unsubscribe(cmd: Unsubscribe, ctx: Context, event_id: str | None = None) -> r.Result:
    require_admin(ctx, "ändra prenumerationer")
    if cmd.number is not None:
        row = subs.get(ctx.store, cmd.number)
        if row is None or row["ended_at"]:
            raise UserError(f"Det finns ingen aktiv prenumeration nr {cmd.number}. Skriv \"prenumerationer\".")
    else:
        channel = _target_channel(cmd.channel, ctx)
        rows = subs.active(ctx.store, channel)
        if not rows:
            raise UserError("Den här kanalen prenumererar inte på veckobrevet.")
        if len(rows) > 1:
            listed = "; ".join(f"nr {s['id']}: {', '.join(describe(s))}" for s in rows)
            raise UserError(f"Kanalen har flera prenumerationer ({listed}). "
                            f"Skriv t.ex. \"avsluta prenumeration {rows[0]['id']}\".")
        row = rows[0]
    subs.end(ctx.store, row["id"], author=ctx.user or "?", now=ctx.now)
    return SubscriptionsResult(heading="Prenumerationen är avslutad",
                               items=[_view(row, ctx.channel)])


@register(SetLeaders, title="Ledningen",
          help="Admins lägger till eller tar bort vem (person eller kanal) som får ledningens "
               "sammanfattningar och påminnelser; ändringen loggas.",
          examples=("ledning @anna", "ta bort ledning @anna"))
def answer_set_leaders(cmd: SetLeaders, ctx: Context, event_id: str | None = None) -> r.Result:
    require_admin(ctx, "ändra ledningen")
    for who in cmd.ids:
        if cmd.remove and who in ctx.leaders:
            raise UserError(f"{who} hör till ledningen genom STYRBOT_LEADERS och kan bara tas bort där.")
        w.add_role_event(ctx.store, role="leader", subject="", user=who,
                         action="remove" if cmd.remove else "add", author=ctx.user or "?", now=ctx.now)
    verb = "Tog bort" if cmd.remove else "Lade till"
    named = ", ".join(("#" if x[0] in "CGD" else "@") + x for x in cmd.ids)
    return LeadersResult(heading=f"{verb} {named} {'från' if cmd.remove else 'i'} ledningen",
                         leaders=leaders(ctx),
                         fixed=list(ctx.leaders))


@register(ListLeaders, title="Vilka är ledningen",
          help="Vilka som får ledningens veckosammanfattning och påminnelser inför KS.",
          examples=("ledning",))
def answer_list_leaders(cmd: ListLeaders, ctx: Context) -> r.Result:
    return LeadersResult(heading="Ledningen", leaders=leaders(ctx), fixed=list(ctx.leaders),
                         note="Får en sammanfattning varje måndag och en påminnelse en vecka före "
                              "varje KS-möte med uppdrag som ska redovisas.")
