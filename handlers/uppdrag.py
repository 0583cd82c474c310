"""An uppdrag's card, and lists of uppdrag (per målområde, status, period, owner …)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from bot.core import results as r
from bot.core.commands import ME, Command, register
from bot.core.context import Context
from bot.core.markup import Action
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot
from bot.core.views import (
    all_uppdrag,
    level_word,
    owners_by_key,
    plan_updates,
    uppdrag_info,
)
from bot.domain.plan import MONTHS, Status
from handlers import aktiviteter
from handlers.updates import History, Update


@dataclass(frozen=True, kw_only=True)
class UppdragCard(Command):
    name: ClassVar[str] = "uppdrag"
    key: str
    # a narrow question: its answer first ("ansvarig och tidplan": both)
    asks: Literal["ansvarig", "tidplan", "ansvarig och tidplan", "försenad", "i tid",
                  "indikatorer", "insatser", "aktiviteter", "uppdaterad", "klar"] | None = None


@dataclass(frozen=True, kw_only=True)
class UppdragList(Command):
    name: ClassVar[str] = "uppdragslista"
    malomrade: int | None = None
    status: Status | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    body: str | None = None  # "KS"
    period: str | None = None  # "december", "nästa vecka", "de närmaste 30 dagarna"
    late: bool = False
    on_time: bool = False  # only those not late ("vilka uppdrag är inte försenade?")
    silent_days: int | None = None
    recent_days: int | None = None  # updated within this many days ("vad har hänt")
    no_owner: bool = False
    no_deadline: bool = False  # only those whose tidplan gives no date
    no_indicators: bool = False  # only those no indicator follows up
    keys: tuple[str, ...] = ()  # the uppdrag a word matched equally well ("hållbar")
    search: str | None = None  # that word, as typed
    with_owners: bool = False  # show who is responsible for each
    owner: str | None = None  # only this user's uppdrag (ME: the one who asks)


@dataclass(kw_only=True)
class UppdragCardResult(r.Result):
    template: ClassVar[str] = "uppdrag_card.j2"
    uppdrag: r.UppdragInfo
    word: str
    asks: str | None = None

    def actions(self) -> list[Action]:
        key = self.uppdrag.key
        return [Action("Visa historik", History(key=key)),
                Action("Uppdatera", Update(key=key, text=""), primary=True, form=True)]


@dataclass(kw_only=True)
class UppdragMissingResult(r.Result):
    template: ClassVar[str] = "uppdrag_missing.j2"
    key: str
    malomrade_exists: bool
    neighbours: list[tuple[str, str]]
    all_keys: list[str]
    word: str
    malomrade: int | None = None
    malomrade_word: str = "Målområde"
    has_plan: bool = True


@dataclass(kw_only=True)
class UppdragListResult(r.Result):
    template: ClassVar[str] = "uppdrag_list.j2"
    heading: str
    items: list[r.UppdragInfo]
    empty_text: str
    show_deadlines_in: tuple[dt.date, dt.date] | None = None
    next_hint: tuple[dt.date, list[str]] | None = None  # the next deadline after an empty window
    last_hint: tuple[dt.date, list[str]] | None = None  # else the last one before it
    show_silence: bool = False
    note: str | None = None  # what the list means ("försenad" = …)
    show_owners: bool = False
    show_latest: bool = False  # the latest update under each line


@register(UppdragCard, title="Status för ett uppdrag",
          help="Titel, målområde, beskrivning, uppföljning, deadlines, ansvarig, status och senaste uppdatering.",
          examples=("status uppdrag 3.2", "uppdrag 3,2", "3.2?", "hur går det med bostadsutvecklingen?"),
          needs=("uppdrag", "uppdrag"), live=lambda snap: _card_examples(snap), daily=True)
def answer_uppdrag(cmd: UppdragCard, ctx: Context) -> r.Result:
    snap = ctx.snap
    word = level_word(ctx, "uppdrag", "Uppdrag")
    row = snap.uppdrag_by_key.get(cmd.key)
    if row is None:
        mo = int(cmd.key.rsplit(" ", 1)[-1].split(".")[0])
        neighbours = [(u["key"], u["title"]) for u in snap.uppdrag if u["malomrade"] == mo]
        return UppdragMissingResult(
            key=cmd.key, malomrade_exists=any(m["number"] == mo for m in snap.malomraden),
            neighbours=neighbours, all_keys=[u["key"] for u in snap.uppdrag], word=word,
            malomrade=mo, malomrade_word=level_word(ctx, "malomrade", "Målområde"),
            has_plan=snap.plan is not None)
    ups = plan_updates(ctx, cmd.key)
    info = uppdrag_info(ctx, row, ups, [], owners=owners_by_key(ctx).get(cmd.key, []))
    info.aktiviteter = aktiviteter.for_uppdrag(ctx, cmd.key)  # the verksamhetsplan's answer to it
    info.aktiviteter_summary = aktiviteter.summary(info.aktiviteter) if info.aktiviteter else None
    return UppdragCardResult(uppdrag=info, word=word, asks=cmd.asks)


@register(UppdragList, title="Listor av uppdrag",
          help="Alla uppdrag, per målområde eller status, de som ska redovisas i en period, "
               "försenade, tysta (ingen uppdatering på länge) och de utan ansvarig.",
          examples=("vilka uppdrag finns?", "uppdrag målområde 4", "vad ska till KS i december?",
                    "deadlines närmaste 30 dagarna", "nästa vecka", "försenade uppdrag",
                    "uppdrag utan uppdatering", "uppdrag utan ansvarig", "pågående uppdrag"),
          needs=("uppdrag", "uppdrag"), live=lambda snap: _list_examples(snap))
def answer_uppdrag_list(cmd: UppdragList, ctx: Context) -> r.Result:
    items = all_uppdrag(ctx)
    word = level_word(ctx, "uppdrag", "Uppdrag").lower()
    heading = f"Alla {word}"
    empty = f"Inga {word} finns inlagda."
    window = None
    where = f" i målområde {cmd.malomrade}" if cmd.malomrade is not None else ""
    next_hint: tuple[dt.date, list[str]] | None = None
    last_hint: tuple[dt.date, list[str]] | None = None  # nothing in or after the window
    note = None
    if cmd.owner is not None:
        who = ctx.user if cmd.owner == ME else cmd.owner
        items = [u for u in items if who is not None and who in u.owners]
        heading = ("Dina " + word if cmd.owner == ME else f"{word.capitalize()} där {who} är ansvarig")
        empty = ("Du är inte ansvarig för något " + word.rstrip("en") + "." if cmd.owner == ME and who
                 else "Jag vet inte vem du är här; fråga i Slack, eller nämn personen."
                 if who is None else f"{who} är inte ansvarig för något {word}.")
    if cmd.keys:
        wanted = set(cmd.keys)
        items = [u for u in items if u.key in wanted]
        heading = f"{word.capitalize()} som matchar \"{cmd.search or ''}\""
        empty = f"Inga {word} matchar \"{cmd.search or ''}\"."
        note = "Skriv numret (t.ex. \"" + cmd.keys[0] + "\") för hela uppdraget."
        if cmd.search is None:  # the keys the message named: "status 3.2 och 4.3"
            named = list(cmd.keys)
            heading = f"{word.capitalize()} {', '.join(named[:-1])} och {named[-1]}"
            missing = [k for k in named if k not in {u.key for u in items}]
            empty = f"Det finns inga {word} {', '.join(named)}."
            note = (f"Det finns inget {word.rstrip('en') or word} {', '.join(missing)}."
                    if missing else None)
    if cmd.malomrade is not None:
        items = [u for u in items if u.malomrade == cmd.malomrade]
        heading = f"{word.capitalize()}{where}"
        empty = f"Målområde {cmd.malomrade} har inga {word}."
    if cmd.status is not None:
        items = [u for u in items if (u.status or Status.EJ_PABORJAD.value) == cmd.status.value]
        heading = f"{word.capitalize()} med status {cmd.status.value}{where}"
        empty = f"Inga {word}{where} har status {cmd.status.value}."
    if cmd.due_from and cmd.due_to:
        lo, hi = cmd.due_from, cmd.due_to

        def due(d: r.DeadlineInfo) -> bool:
            return bool(d.date and lo <= d.date <= hi and (cmd.body is None or d.body == cmd.body))

        later = sorted((d.date, u.key) for u in items for d in u.deadlines
                       if d.date and d.date > hi and (cmd.body is None or d.body == cmd.body))
        earlier = sorted((d.date, u.key) for u in items for d in u.deadlines
                         if d.date and d.date < lo and (cmd.body is None or d.body == cmd.body))
        items = [u for u in items if any(due(d) for d in u.deadlines)]
        to = f" till {cmd.body}" if cmd.body else ""
        shall = "skulle" if hi < ctx.today else "ska"
        heading = f"{word.capitalize()} som {shall} redovisas{to} {period_words(cmd.period)}{where}"
        empty = f"Inga {word} {shall} redovisas{to} {period_words(cmd.period)}{where}."
        window = (lo, hi)
        if not items and later:
            first = later[0][0]
            next_hint = (first, [k for d, k in later if d == first])
        elif not items and earlier:
            final = earlier[-1][0]
            last_hint = (final, [k for d, k in earlier if d == final])
    if cmd.late:
        items = [u for u in items if u.late]
        heading = f"Försenade {word}{where}"
        note = "En deadline har passerat utan att uppdraget är klart, eller status är försenad."
        empty = f"Inga {word}{where} är försenade."
    if cmd.on_time:
        items = [u for u in items if not u.late]
        heading = f"{word.capitalize()} som inte är försenade{where}"
        note = "Ingen deadline har passerat utan att uppdraget är klart, och status är inte försenad."
        empty = f"Alla {word}{where} är försenade."
    if cmd.silent_days is not None:
        n = cmd.silent_days
        items = [u for u in items if u.status not in ("klar", "avbruten") and
                 (u.last_update_days is None or u.last_update_days >= n)]
        heading = f"{word.capitalize()}{where} utan uppdatering på {n} dagar eller mer"
        empty = f"Alla pågående {word}{where} har uppdaterats de senaste {n} dagarna."
    if cmd.recent_days is not None:
        n = cmd.recent_days
        items = [u for u in items if u.last_update_days is not None and u.last_update_days <= n]
        items.sort(key=lambda u: u.last_update_days or 0)
        heading = f"{word.capitalize()}{where} som uppdaterats de senaste {n} dagarna"
        empty = f"Inga {word}{where} har uppdaterats de senaste {n} dagarna."
    if cmd.no_owner:
        items = [u for u in items if not u.owners]
        heading = f"{word.capitalize()}{where} utan ansvarig"
        empty = f"Alla {word}{where} har en ansvarig."
    if cmd.no_indicators:
        followed = {k for k, slugs in ctx.snap.uppdrag_ind.items() if slugs}
        items = [u for u in items if u.key not in followed]
        heading = f"{word.capitalize()}{where} utan kopplad indikator"
        empty = f"Alla {word}{where} följs upp av en indikator."
        note = "Kopplingarna är härledda ur indikatortabellen och uppföljningen."
    if cmd.no_deadline:
        items = [u for u in items if not any(d.date for d in u.deadlines)]
        heading = f"{word.capitalize()}{where} utan datum i tidplanen"
        empty = f"Alla {word}{where} har ett datum i tidplanen."
        note = "Tidplanen säger då till exempel \"i enlighet med ordinarie rapporteringsstruktur\"."
    if window:
        items.sort(key=lambda u: min(d.date for d in u.deadlines  # type: ignore[type-var]
                                     if d.date and window[0] <= d.date <= window[1]))
    if cmd.with_owners:
        heading += " och deras ansvariga"
    return UppdragListResult(heading=heading, items=items, empty_text=empty,
                               show_deadlines_in=window, next_hint=next_hint,
                               last_hint=last_hint,
                               show_silence=cmd.silent_days is not None, note=note,
                               show_latest=cmd.recent_days is not None,
                               show_owners=cmd.with_owners)


def period_words(period: str | None) -> str:
    if not period:
        return ""
    if period.isdigit() or period.startswith(("hösten", "våren", "sommaren")):
        return f"under {period}"  # a year or a season: "under 2025", not "i 2025"
    if period[0].isdigit() or period.split()[0].split("–")[0] in MONTHS:  # "april–maj 2026"
        return f"i {period}"
    return period


def _card_examples(snap: Snapshot) -> list[str]:
    if not snap.uppdrag:
        return []
    u = snap.uppdrag[min(len(snap.uppdrag) - 1, 5)]
    return [f"status uppdrag {u['key']}", f"{u['key']}?"]


def _list_examples(snap: Snapshot) -> list[str]:
    if not snap.uppdrag:
        return []
    dated = sorted((d["date"], d["body"]) for ds in snap.deadlines.values() for d in ds
                   if d["date"])
    out = ["vilka uppdrag finns?"]
    if dated:
        when, body = dated[-1]
        month = MONTHS[int(when[5:7]) - 1]
        out.append(f"vad ska till {body} i {month}?" if body else f"deadlines i {month}")
    out += ["deadlines närmaste 30 dagarna", "försenade uppdrag"]
    return out
