"""An uppdrag's card, and lists of uppdrag (per målområde, status, period, owner …)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field
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
    # ("orsak": why it is late, "varför är 3.2 försenat?")
    asks: Literal["ansvarig", "tidplan", "ansvarig och tidplan", "försenad", "i tid", "orsak",
                  "indikatorer", "insatser", "aktiviteter", "uppdaterad", "klar",
                  "uppföljning", "omfattning", "syfte", "mål"] | None = None
    # an occasion of its tidplan whose date is asked ("när är omvärldsdagen?"): a word the
    # tidplan names without a date ("omvärldsdagen")
    occasion: str | None = None

    def __repr__(self) -> str:
        # the kept replies are keyed by the repr (bot.core.bot), so every field is in it; the
        # occasion only when asked, so the repr of every other card stays as it was
        occasion = f", occasion={self.occasion!r}" if self.occasion is not None else ""
        return f"UppdragCard(key={self.key!r}, asks={self.asks!r}{occasion})"


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
    # the late ones, the longest late first ("vilket uppdrag är mest försenat?"): by the
    # date their last passed deadline passed
    most_late: bool = False
    on_time: bool = False  # only those not late ("vilka uppdrag är inte försenade?")
    silent_days: int | None = None
    recent_days: int | None = None  # updated within this many days ("vad har hänt")
    latest_asked: bool = False  # "vem uppdaterade senast?": the latest update of all, first
    no_owner: bool = False
    no_deadline: bool = False  # only those whose tidplan gives no date
    no_indicators: bool = False  # only those no indicator follows up
    with_indicators: bool = False  # only those an indicator follows up
    keys: tuple[str, ...] = ()  # the uppdrag a word matched equally well ("hållbar")
    search: str | None = None  # that word, as typed
    with_owners: bool = False  # show who is responsible for each
    # each one's tidplan under its line ("när ska det redovisas?" after a list matched by a
    # word, whose lines show no dates of their own)
    with_tidplan: bool = False
    # counted per responsible person ("vem har flest uppdrag?", "uppdrag per ansvarig"):
    # each person with their count and keys, the most first
    by_owner: bool = False
    # whether they are done was asked ("är de klara?" after the list): how many first
    done_asked: bool = False
    # whether they have been updated was asked ("har nån av dom uppdaterats?" after the list):
    # how many have, first, and each one's latest update
    updated_asked: bool = False
    # only the deadlines in these months of the window ("i maj och november"), and with
    # every_month only those due in each of them ("både i maj och november")
    months: tuple[int, ...] = ()
    every_month: bool = False
    owner: str | None = None  # only this user's uppdrag (ME: the one who asks)
    # only the uppdrag of this uppdrag's ansvariga ("vad mer är hen ansvarig för?" after 5.3's)
    owner_of: str | None = None
    # the first or the last date of the window asked ("vilket uppdrag ska redovisas sist?"):
    # that date and its uppdrag named first
    extreme: Literal["first", "last"] | None = None
    # ranked by their linked indicators, the most first ("vilket uppdrag har flest indikatorer?")
    by_indicators: bool = False
    # their share of all (of the målområde's) asked ("hur stor andel av uppdragen är klara?"):
    # "11 av 23 uppdrag (48 %)" first
    share: bool = False
    # with by_owner: the place in the ranking named ("och näst flest?": 1)
    nth: int = 0


@dataclass(kw_only=True)
class UppdragCardResult(r.Result):
    template: ClassVar[str] = "uppdrag_card.j2"
    uppdrag: r.UppdragInfo
    word: str
    asks: str | None = None
    purpose: str | None = None  # the description's sentences that say its syfte, when asked
    purpose_said: bool = False  # whether they say "syfte" (else its first sentence)
    goals: list[str] = field(default_factory=list)  # its målområde's strategic goals, when asked
    occasion: str | None = None  # an occasion of the tidplan whose date is asked (it has none)

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
    # the latest update of all (what, its title, the update): when the window holds none
    latest_hint: tuple[str, str, r.UpdateInfo] | None = None
    latest_first: bool = False  # the latest update asked: before the list, not after it
    show_silence: bool = False
    note: str | None = None  # what the list means ("försenad" = …)
    show_owners: bool = False
    show_tidplan: bool = False  # each one's tidplan under its line
    show_latest: bool = False  # the latest update under each line
    # (person or None for no one, their uppdrag's keys), the most first: "per ansvarig"
    per_owner: list[tuple[str | None, list[str]]] = field(default_factory=list)
    most_owners: list[str] = field(default_factory=list)  # those with the most, when any
    most_count: int = 0  # how many uppdrag each of most_owners has
    place: int = 0  # most_owners are at this place of the ranking (0: the most)
    done_asked: bool = False  # "är de klara?": how many of them are, first
    updated_asked: bool = False  # "har de uppdaterats?": how many have, first
    word: str = "uppdrag"
    # the first or last date asked: ("first"|"last", the date, its uppdrag's keys)
    extreme: tuple[str, dt.date, list[str]] | None = None
    # when the first date has passed: the next one from today (the date, its keys)
    extreme_next: tuple[dt.date, list[str]] | None = None
    # each uppdrag's number of linked indicators, when they are ranked by it (key -> count)
    indicator_counts: dict[str, int] = field(default_factory=dict)
    share_of: int | None = None  # with share: how many uppdrag there are in all (of the area)


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
    info.aktivitet_latest = max((a for a in info.aktiviteter if a.latest), default=None,
                                key=lambda a: a.latest.at.timestamp() if a.latest else 0.0)
    info.aktiviteter_summary = aktiviteter.summary(info.aktiviteter) if info.aktiviteter else None
    purpose, said = _purpose(info.description) if cmd.asks == "syfte" else (None, False)
    goals = [str(g) for a in snap.malomraden if a["number"] == row["malomrade"]
             for g in a.get("goals") or ()] if cmd.asks == "mål" else []
    return UppdragCardResult(uppdrag=info, word=word, asks=cmd.asks, purpose=purpose,
                             purpose_said=said, goals=goals, occasion=cmd.occasion)


_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _purpose(description: str | None) -> tuple[str | None, bool]:
    """The sentences of an uppdrag's description that say what it is for ("Uppdraget syftar
    till …", "… i syfte att …"), and True; else its first sentence (what it is to do), and
    False; (None, False) without a description."""
    sentences = _SENTENCE.split(" ".join((description or "").split()))
    said = [s for s in sentences if re.search(r"\bsyft", s, re.IGNORECASE)]
    if said:
        return " ".join(said), True
    return (sentences[0] or None), False


@register(UppdragList, title="Listor av uppdrag",
          help="Alla uppdrag, per målområde eller status, de som ska redovisas i en period, "
               "försenade, tysta (ingen uppdatering på länge) och de utan ansvarig.",
          examples=("vilka uppdrag finns?", "uppdrag målområde 4", "vad ska till KS i december?",
                    "deadlines närmaste 30 dagarna", "nästa vecka", "försenade uppdrag",
                    "uppdrag utan uppdatering", "uppdrag utan ansvarig", "pågående uppdrag"),
          needs=("uppdrag", "uppdrag"), live=lambda snap: _list_examples(snap))
def answer_uppdrag_list(cmd: UppdragList, ctx: Context) -> r.Result:
    items = all_items = all_uppdrag(ctx)
    word = level_word(ctx, "uppdrag", "Uppdrag").lower()
    heading = f"Alla {word}"
    empty = f"Inga {word} finns inlagda."
    window = None
    where = f" i målområde {cmd.malomrade}" if cmd.malomrade is not None else ""
    next_hint: tuple[dt.date, list[str]] | None = None
    last_hint: tuple[dt.date, list[str]] | None = None  # nothing in or after the window
    latest_hint: tuple[str, str, r.UpdateInfo] | None = None
    note = None
    if cmd.owner is not None:
        who = ctx.user if cmd.owner == ME else cmd.owner
        items = [u for u in items if who is not None and who in u.owners]
        heading = ("Dina " + word if cmd.owner == ME else f"{word.capitalize()} där {who} är ansvarig")
        empty = ("Du är inte ansvarig för något " + word.rstrip("en") + "." if cmd.owner == ME and who
                 else "Jag vet inte vem du är här; fråga i Slack, eller nämn personen."
                 if who is None else f"{who} är inte ansvarig för något {word}.")
    if cmd.owner_of is not None:
        whose = owners_by_key(ctx).get(cmd.owner_of, [])
        items = [u for u in items if set(whose) & set(u.owners)]
        names = " och ".join(whose)
        heading = f"{word.capitalize()} där {names} är ansvarig"
        empty = f"{level_word(ctx, 'uppdrag', 'Uppdrag')} {cmd.owner_of} har ingen ansvarig."
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
            return bool(d.date and lo <= d.date <= hi and (cmd.body is None or d.body == cmd.body)
                        and (not cmd.months or d.date.month in cmd.months))

        later = sorted((d.date, u.key) for u in items for d in u.deadlines
                       if d.date and d.date > hi and (cmd.body is None or d.body == cmd.body))
        earlier = sorted((d.date, u.key) for u in items for d in u.deadlines
                         if d.date and d.date < lo and (cmd.body is None or d.body == cmd.body))
        items = [u for u in items if any(due(d) for d in u.deadlines)]
        if cmd.every_month and cmd.months:  # "både i maj och november": due in each month
            items = [u for u in items if all(any(due(d) and d.date and d.date.month == m
                                                 for d in u.deadlines) for m in cmd.months)]
        to = f" till {cmd.body}" if cmd.body else ""
        shall = "skulle" if hi < ctx.today else "ska"
        heading = f"{word.capitalize()} som {shall} redovisas{to} {period_words(cmd.period)}{where}"
        empty = f"Inga {word} {shall} redovisas{to} {period_words(cmd.period)}{where}."
        window = (lo, hi)
        plan_year = ctx.snap.plan_year
        if plan_year and lo.year == hi.year != plan_year and (lo.month, lo.day, hi.month,
                                                              hi.day) == (1, 1, 12, 31):
            # "hur många uppdrag fanns 2024?": the plan held is another year's
            title = (ctx.snap.plan or {}).get("title") or f"planen för {plan_year}"
            note = (f"Planen som finns är {title} ({len(all_items)} {word}); någon plan för "
                    f"{lo.year} finns inte inlagd.")
        bodies = sorted({d.body for u in all_items for d in u.deadlines if d.body})
        if not items and cmd.body and cmd.body not in bodies:
            # "vilka uppdrag ska till KF?": none ever, in the whole plan (not only this window)
            empty += (f" Inga i planen redovisas till {cmd.body} alls; tidplanerna nämner "
                      f"{' och '.join(bodies) or 'ingen mottagare'}.")
        elif not items and later:
            first = later[0][0]
            next_hint = (first, [k for d, k in later if d == first])
        elif not items and earlier:
            final = earlier[-1][0]
            last_hint = (final, [k for d, k in earlier if d == final])
    if cmd.late:
        items = [u for u in items if u.late]
        heading = f"Försenade {word}{where}"
        note = "En deadline har passerat utan att uppdraget är klart, eller status är försenad."
        if cmd.most_late:
            items.sort(key=lambda u: (u.last_passed is None, u.last_passed.date
                                      if u.last_passed and u.last_passed.date else dt.date.max))
            heading = f"Försenade {word}{where}, det mest försenade först"
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
        # the latest update of all, an aktivitet's too ("vem uppdaterade senast?"): said
        # when the window holds none, or when it is an aktivitet's, newer than the list's
        said = [(f"{word} {u.key}", u.title, u.latest) for u in all_items if u.latest
                and (cmd.malomrade is None or u.malomrade == cmd.malomrade)]
        said += [(f"aktivitet {a.ref}", a.title, a.latest)
                 for a in aktiviteter.all_infos(ctx, (cmd.malomrade,) if cmd.malomrade else ())
                 if a.latest]
        if said:
            newest = max(said, key=lambda x: x[2].at.timestamp())
            if not items or cmd.latest_asked or newest[0].startswith("aktivitet") and (
                    items[0].latest is None or
                    newest[2].at.timestamp() > items[0].latest.at.timestamp()):
                latest_hint = newest
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
    if cmd.with_indicators:
        followed = {k for k, slugs in ctx.snap.uppdrag_ind.items() if slugs}
        items = [u for u in items if u.key in followed]
        heading = f"{word.capitalize()}{where} med kopplad indikator"
        empty = f"Inga {word}{where} följs upp av en indikator."
        note = "Kopplingarna är härledda ur indikatortabellen och uppföljningen."
    counts: dict[str, int] = {}
    if cmd.by_indicators:
        counts = {u.key: len(ctx.snap.uppdrag_ind.get(u.key, [])) for u in items}
        items = sorted(items, key=lambda u: -counts[u.key])  # stable: plan order within a count
        heading = f"{word.capitalize()}{where} efter antal kopplade indikatorer"
        note = "Kopplingarna är härledda ur indikatortabellen och uppföljningen."
    if cmd.no_deadline:
        items = [u for u in items if not any(d.date for d in u.deadlines)]
        heading = f"{word.capitalize()}{where} utan datum i tidplanen"
        empty = f"Alla {word}{where} har ett datum i tidplanen."
        note = "Tidplanen säger då till exempel \"i enlighet med ordinarie rapporteringsstruktur\"."
    if window:
        items.sort(key=lambda u: min(d.date for d in u.deadlines  # type: ignore[type-var]
                                     if d.date and window[0] <= d.date <= window[1]))
    extreme = None
    extreme_next = None
    if window and cmd.extreme and items:
        dated = sorted((d.date, u.key) for u in items for d in u.deadlines
                       if d.date and window[0] <= d.date <= window[1]
                       and (cmd.body is None or d.body == cmd.body))
        if dated:
            at = dated[0][0] if cmd.extreme == "first" else dated[-1][0]
            extreme = (cmd.extreme, at, list(dict.fromkeys(k for d, k in dated if d == at)))
            ahead = [(d, k) for d, k in dated if d >= ctx.today]
            if cmd.extreme == "first" and at < ctx.today and ahead:
                extreme_next = (ahead[0][0], list(dict.fromkeys(
                    k for d, k in ahead if d == ahead[0][0])))
    per_owner: list[tuple[str | None, list[str]]] = []
    most_owners: list[str] = []
    owner_most = 0
    if cmd.by_owner:
        keys: dict[str | None, list[str]] = {}
        for u in items:
            people: list[str | None] = list(u.owners) or [None]
            for o in people:
                keys.setdefault(o, []).append(u.key)
        per_owner = sorted(keys.items(), key=lambda ok: (-len(ok[1]), ok[0] is None, ok[0] or ""))
        owner_counts = sorted({len(k) for o, k in per_owner if o}, reverse=True)
        owner_most = owner_counts[cmd.nth] if cmd.nth < len(owner_counts) else 0
        most_owners = [o for o, k in per_owner if o and len(k) == owner_most]
        heading += " per ansvarig"
    elif cmd.with_owners:
        heading += " och deras ansvariga"
    if cmd.with_tidplan and not cmd.by_owner:
        heading += (" och tidplan" if cmd.with_owners else " och deras tidplan")
    return UppdragListResult(heading=heading, items=items, empty_text=empty, per_owner=per_owner,
                               most_owners=most_owners, word=word, done_asked=cmd.done_asked,
                               most_count=owner_most, place=cmd.nth,
                               show_deadlines_in=window, next_hint=next_hint,
                               last_hint=last_hint, latest_hint=latest_hint,
                               latest_first=cmd.latest_asked,
                               show_silence=cmd.silent_days is not None, note=note,
                               show_latest=cmd.recent_days is not None or cmd.updated_asked,
                               updated_asked=cmd.updated_asked,
                               show_owners=cmd.with_owners, extreme=extreme,
                               show_tidplan=cmd.with_tidplan,
                               extreme_next=extreme_next, indicator_counts=counts,
                               share_of=sum(1 for u in all_items if cmd.malomrade is None
                                            or u.malomrade == cmd.malomrade)
                               if cmd.share else None)


@dataclass(frozen=True, kw_only=True)
class UppdragManader(Command):
    """"vilken månad ska flest uppdrag redovisas för KS?", "hur många uppdrag redovisas per
    månad?": the uppdrag due in each month of the year (to a body, or to any), the month with
    the most first."""

    name: ClassVar[str] = "uppdrag per månad"
    year: int | None = None  # the plan's year
    body: str | None = None  # "KS", "KF"
    # only these months, compared ("hur många uppdrag ska till KS i maj jämfört med
    # november?"), each shown even with none due
    only: tuple[int, ...] = ()
    nth: int = 0  # the place in the ranking named ("och näst flest?": 1)


@dataclass(kw_only=True)
class UppdragManaderResult(r.Result):
    template: ClassVar[str] = "uppdrag_manader.j2"
    year: int | None
    body: str | None
    # per month, in order: (the month's first day, [(key, the day it is due)])
    months: list[tuple[dt.date, list[tuple[str, dt.date]]]]
    most: list[dt.date]  # the months with the most uppdrag due
    top: int  # how many are due in each of those
    undated: list[str]  # the uppdrag whose tidplan gives no date that year
    compared: bool = False  # only the months asked, compared
    place: int = 0  # ``most`` are at this place of the ranking (0: the most)


@register(UppdragManader, title="Uppdrag per månad",
          help="Hur många uppdrag som ska redovisas varje månad (till KS, KF eller alla), "
               "den med flest först.",
          examples=("vilken månad ska flest uppdrag redovisas för KS?",
                    "hur många uppdrag redovisas per månad?"),
          needs=("uppdrag", "uppdrag"))
def answer_uppdrag_manader(cmd: UppdragManader, ctx: Context) -> r.Result:
    y = cmd.year or ctx.snap.plan_year or ctx.today.year
    by_month: dict[dt.date, list[tuple[str, dt.date]]] = {}
    undated = []
    for u in all_uppdrag(ctx):
        due = [d.date for d in u.deadlines if d.date and d.date.year == y
               and (cmd.body is None or d.body == cmd.body)]
        if not due:
            undated.append(u.key)
        for d in due:
            by_month.setdefault(d.replace(day=1), []).append((u.key, d))
    if cmd.only:
        by_month = {dt.date(y, m, 1): by_month.get(dt.date(y, m, 1), []) for m in cmd.only}
        undated = []
    months = sorted(by_month.items())
    counts = sorted({len(ks) for _, ks in months}, reverse=True)
    top = counts[cmd.nth] if cmd.nth < len(counts) else 0
    return UppdragManaderResult(year=y, body=cmd.body, months=months,
                                most=[m for m, ks in months if len(ks) == top and top], top=top,
                                undated=undated, compared=bool(cmd.only), place=cmd.nth)


# "vilken månad …", "per månad", "varje månad": the months of the deadlines
_MONTH_WORDS = frozenset({"manad", "manaden", "manader", "manaderna", "month", "months"})
_MOST_WORDS = frozenset({"flest", "mest", "most", "per", "varje", "vilken", "vilka", "which"})
_WHICH = frozenset({"vilken", "vilka", "which"})
# two months compared: "i maj jämfört med november", "april el juni", "fler i maj än i juni"
_COMPARED = frozenset({"jamfort", "jamfor", "jamforelse", "jamforelsevis", "eller", "el", "vs",
                       "mot", "flest", "fler", "farre", "skillnad", "skillnaden", "an", "versus"})
_MOST_STEMS = frozenset({"flest", "mest", "most", "manad", "month", "varj", "per"})


def match_manader(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """The uppdrag due month by month, when the question asks which month (the most) or per
    month, of the uppdrag or their reports."""
    from bot.core.parse import analyse, uppdrag_key, year
    from bot.domain.text import fold

    folded = fold(text).replace("?", " ")
    words = set(folded.split())
    named = sorted({n for n, m in enumerate(MONTHS, 1) if fold(m) in words})
    if len(named) >= 2 and words & _COMPARED and snap.uppdrag:
        # "hur många uppdrag ska till KS i maj jämfört med november?", "flest i april el
        # juni?": those months side by side (it was passages on "jämfört")
        q = analyse(text, snap)
        if (q.has("uppdrag") or q.has("deadline") or q.phrase("ska till", "till ks", "till kf")) \
                and not q.has("indikator", "budget", "avvikelse", "investering",
                              "maluppfyllelse") and uppdrag_key(q) is None:
            return UppdragManader(year=year(q, today) or snap.plan_year, only=tuple(named),
                                  body="KS" if q.has("ks") else "KF" if q.has("kf") else None)
    if not words & _MONTH_WORDS or not words & _MOST_WORDS or not snap.uppdrag:
        return None
    if not words & (_MOST_WORDS - _WHICH) and not re.search(
            r"\b(?:vilken|vilka|which)\s+(?:manad|manaden|manader|manaderna|month|months)\b", folded):
        return None  # "vilka uppdrag ska redovisas nästa månad?": a period, not which month
    q = analyse(text, snap)
    if not (q.has("uppdrag") or q.has("deadline") or q.phrase("ska till", "till ks", "till kf")) \
            or q.has(
            "indikator", "budget", "avvikelse", "investering", "maluppfyllelse", "arshjul"):
        return None  # "vilken månad är budgeten klar?": not the uppdrag's deadlines
    if [w for w in q.core if w not in _MOST_STEMS] or uppdrag_key(q) is not None:
        return None  # "vilken månad ska 3.2 redovisas?" (a key), or a name: the card's
    body = "KS" if q.has("ks") else "KF" if q.has("kf") else None
    return UppdragManader(year=year(q, today) or snap.plan_year, body=body)


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
