"""Answer each command from the store into a typed result. One function per command,
registered with its help text and examples: the registry is the single list of commands.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from bot import commands as c
from bot import results as r
from bot.commands import register
from bot.matching import Match, content_words
from bot.models import MONTHS, Status, Target
from bot.snapshot import Snapshot
from bot.state import colour, colour_reason, holders, holders_by_subject, trend, uppdrag_state
from bot.text import fold
from store import queries as q
from store.db import Row, Store


@dataclass
class Context:
    """What an answer may use: the store, the plan snapshot, the time and who asks."""

    store: Store
    snap: Snapshot
    now: dt.datetime
    user: str | None = None
    admins: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    channel: str | None = None  # the conversation the message came from (Slack adapters)
    marks: tuple[Any, ...] | None = None  # the store's change marks as the request began

    @property
    def today(self) -> dt.date:
        return self.now.date()

    def change_marks(self) -> tuple[Any, ...]:
        """The store's change marks, which key what is cached until chat writes: those read
        as the request began (a question), else read now (after a write)."""
        return self.marks if self.marks is not None else q.change_marks(self.store)


class UserError(Exception):
    """A failure the user should read, in Swedish; rendered as the reply."""


# --- building blocks ------------------------------------------------------------------


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s[:10]) if s else None


def _decimals(text: str | None) -> int | None:
    """The number of decimals a figure is printed with in the plan ("8,38%" → 2)."""
    if not text:
        return None
    m = re.search(r"[.,](\d+)", text)
    return len(m.group(1)) if m else 0


def indikator_info(ctx: Context, row: Row, latest: list[Row] | None = None,
                   reason: bool = False) -> r.IndikatorInfo:
    """An indicator with its latest value, colour and trend (``latest``: newest first);
    ``reason`` adds the colour rule applied, in words (for the card)."""
    if latest is None:
        latest = q.latest_measurements_for(ctx.store, row["id"], 2)
    cur = latest[0] if latest else None
    prev = latest[1] if len(latest) > 1 else None
    value = cur["value"] if cur else row["baseline"]
    previous = prev["value"] if prev else (row["baseline"] if cur else None)
    target = Target.parse(row["target"])
    links = [k for k, slugs in ctx.snap.uppdrag_ind.items() if row["slug"] in slugs]
    measured = cur is not None
    col = colour(target, value, row["baseline"], measured=measured, unit=row["unit"])
    return r.IndikatorInfo(
        slug=row["slug"], name=row["name"], malomrade=row["malomrade"], table=row["tbl"],
        number=row["number"], description=row["description"], source=row["source"],
        frequency=row["frequency"], unit=row["unit"], reported_to_kf=bool(row["reported_to_kf"]),
        baseline=row["baseline"], baseline_text=row["baseline_text"], target=row["target"],
        latest=cur["value"] if cur else None, latest_date=_date(cur["date"]) if cur else None,
        previous=previous, previous_date=_date(prev["date"]) if prev else None,
        colour=col, trend=trend(cur["value"] if cur else None, previous),
        uppdrag=sorted(links, key=_key_order),
        decimals=_decimals(row["baseline_text"]),
        colour_reason=colour_reason(target, value, row["baseline"], measured=measured,
                                    unit=row["unit"]) if reason else None,
        latest_source=cur["source"] if cur else None,
    )


def all_indikatorer(ctx: Context) -> list[r.IndikatorInfo]:
    """Every indicator with its latest value and colour, cached until chat writes."""
    return list(ctx.snap.memoised(
        "indikatorer", ctx.change_marks(),
        lambda: [indikator_info(ctx, i, latest_measurements(ctx).get(i["id"], []))
                 for i in ctx.snap.indikatorer]))


def latest_measurements(ctx: Context) -> dict[int, list[Row]]:
    """The two newest measurements of every indicator, cached until chat writes one."""
    return ctx.snap.memoised("latest", ctx.change_marks(),  # type: ignore[no-any-return]
                             lambda: q.latest_measurements(ctx.store, 2))


def _key_order(key: str) -> tuple[int, ...]:
    return tuple(int(p) for p in key.split(".") if p.isdigit())


def _update_info(e: Row, undone: set[int]) -> r.UpdateInfo:
    return r.UpdateInfo(
        id=e["id"], author=e["author"], at=dt.datetime.fromisoformat(e["created_at"]),
        text=e["text"], status=e["status"], percent=e["percent"], kind=e["kind"],
        ref_id=e["ref_id"], undone=e["id"] in undone)


def uppdrag_info(ctx: Context, row: Row, updates: list[Row], roles: list[Row],
                 with_indicators: bool = True,
                 latest: dict[int, list[Row]] | None = None,
                 owners: list[str] | None = None) -> r.UppdragInfo:
    """An uppdrag with its deadlines relative to today, owners, status and latest update
    (``owners``: already replayed from ``roles``, when the caller has them)."""
    snap = ctx.snap
    st = uppdrag_state(updates, row["initial_status"])
    undone = {e["ref_id"] for e in updates if e["kind"] == "undo" and e["ref_id"]}
    dls = []
    for d in snap.deadlines.get(row["key"], []):
        date = _date(d["date"])
        dls.append(r.DeadlineInfo(date=date, body=d["body"], label=d["label"],
                                  days=(date - ctx.today).days if date else None))
    mo = next((m for m in snap.malomraden if m["number"] == row["malomrade"]), None)
    status = st.status.value if st.status else None
    passed = [d for d in dls if d.days is not None and d.days < 0]
    finished = status in (Status.KLAR.value, Status.AVBRUTEN.value)
    late = (bool(passed) and not finished) or status == Status.FORSENAD.value
    coming = [d for d in dls if d.days is not None and d.days >= 0]
    inds = []
    if with_indicators:
        for slug in snap.uppdrag_ind.get(row["key"], []):
            if slug in snap.ind_by_slug:
                ind = snap.ind_by_slug[slug]
                inds.append(indikator_info(ctx, ind, latest.get(ind["id"], []) if latest is not None
                                           else None))
    last = st.last_update_at
    return r.UppdragInfo(
        key=row["key"], title=row["title"], malomrade=row["malomrade"],
        malomrade_name=mo["name"] if mo else None, description=row["description"],
        scope=row["scope"], uppfoljning=row["uppfoljning"], tidplan=row["tidplan"],
        tidplan_flags=[f for f in (row["tidplan_flags"] or "").split(",") if f],
        deadlines=dls, insatser=row["insatser"], insatser_source=row["insatser_source"],
        owners=holders(roles, "owner", row["key"]) if owners is None else owners,
        plan_owner=row["plan_owner"],
        status=status, percent=st.percent,
        latest=_update_info(st.latest, undone) if st.latest else None,
        last_update_days=(ctx.today - _date(last)).days if last else None,  # type: ignore[operator]
        indicators=inds, next_deadline=coming[0] if coming else None, late=late,
        last_passed=passed[-1] if passed else None,
    )


def owners_by_key(ctx: Context) -> dict[str, list[str]]:
    """The owners of every uppdrag (replayed from the role log), cached until chat writes."""
    return ctx.snap.memoised(  # type: ignore[no-any-return]
        "owners", ctx.change_marks(),
        lambda: holders_by_subject(q.role_events(ctx.store, "owner"), "owner"))


def plan_updates(ctx: Context, ref: str | None = None) -> list[Row]:
    """The progress history of every uppdrag in force (or of one), oldest first, each row's
    ``key`` the uppdrag's reference in chat ("3.2", "BUN 3.2")."""
    snap = ctx.snap
    if ref is not None:
        row = snap.uppdrag_by_key.get(ref)
        if row is None:
            return []
        rows = q.updates(ctx.store, row["doc_id"], row["plan_key"])
        for e in rows:
            e["key"] = ref
        return rows
    out: list[Row] = []
    for p in snap.plans:
        for e in q.updates(ctx.store, p["id"]):
            e["key"] = snap.ref(p["id"], e["key"])
            out.append(e)
    if len(snap.plans) > 1:
        out.sort(key=lambda e: (e["created_at"], e["id"]))
    return out


def all_uppdrag(ctx: Context, with_indicators: bool = False) -> list[r.UppdragInfo]:
    """Every uppdrag of the plan in force, in plan order."""
    plan = ctx.snap.plan
    if plan is None:
        return []
    token = (ctx.change_marks(), ctx.today, with_indicators)

    def make() -> list[r.UppdragInfo]:
        assert plan is not None
        ups: dict[str, list[Row]] = {}
        for e in plan_updates(ctx):
            ups.setdefault(e["key"], []).append(e)
        owners = owners_by_key(ctx)
        latest = latest_measurements(ctx) if with_indicators else None
        return [uppdrag_info(ctx, u, ups.get(u["key"], []), [], with_indicators, latest,
                             owners.get(u["key"], []))
                for u in ctx.snap.uppdrag]

    # a copy: callers filter and sort the list they get
    return list(ctx.snap.memoised(f"uppdrag{with_indicators}", token, make))


def _word(ctx: Context, level: str, default: str) -> str:
    return ctx.snap.word(level, default)


def _org_name(ctx: Context) -> str:
    return (ctx.snap.org or {}).get("name") or "Organisationen"


# --- help and misses ---------------------------------------------------------------


@register(c.Help, title="Hjälp", help="Visar vad du kan fråga om, med exempel från planen.",
          examples=("hjälp",), template="help.j2")
def answer_help(cmd: c.Help, ctx: Context) -> r.Result:
    return ctx.snap.memoised("help", ctx.today, lambda: _help(ctx))  # type: ignore[no-any-return]


def _help(ctx: Context) -> r.HelpResult:
    from bot.commands import REGISTRY
    from bot.parse import parse

    items = []
    missing: list[str] = []
    for spec in REGISTRY.values():
        if spec.name in ("hjälp", "okänd"):
            continue
        needs = _NEEDS.get(spec.name)
        if needs is not None and not getattr(ctx.snap, needs[0]):
            if needs[1] not in missing:
                missing.append(needs[1])
            continue  # nothing to ask about in this store
        examples: list[str] = []
        for e in [*live_examples(spec.name, ctx.snap), *spec.examples]:
            if e in examples or len(examples) >= 3:
                continue
            # a static example is shown only if it still means this command in the live data
            if spec.answer.__module__ == __name__ and \
                    type(parse(e, ctx.snap, ctx.today)).name != spec.name:
                continue
            examples.append(e)
        items.append({"title": spec.title, "help": spec.help, "examples": examples})
    return r.HelpResult(commands=items, organisation=(ctx.snap.org or {}).get("name"),
                        plan_title=(ctx.snap.plan or {}).get("title"), missing=missing)


# what each read command needs in the store: (snapshot attribute, what it is called)
_NEEDS = {
    "uppdrag": ("uppdrag", "uppdrag"), "uppdragslista": ("uppdrag", "uppdrag"),
    "indikator": ("indikatorer", "indikatorer"), "indikatorer": ("indikatorer", "indikatorer"),
    "målområde": ("malomraden", "målområden"), "målområden": ("malomraden", "målområden"),
    "budget": ("budget", "budget"), "budgetöversikt": ("budget", "budget"),
    "investering": ("projects", "investeringsprojekt"),
    "måluppfyllelse": ("maluppfyllelse", "måluppfyllelse"),
}


def live_examples(name: str, snap: Snapshot) -> list[str]:
    """Examples drawn from the live data (so `hjälp` shows things that exist)."""
    return list(snap.memoised(f"examples:{name}", None, lambda: _live_examples(name, snap)))


def _live_examples(name: str, snap: Snapshot) -> list[str]:
    year = snap.plan_year
    out: list[str] = []
    if name == "uppdrag" and snap.uppdrag:
        u = snap.uppdrag[min(len(snap.uppdrag) - 1, 5)]
        out = [f"status uppdrag {u['key']}", f"{u['key']}?"]
    elif name == "uppdragslista" and snap.uppdrag:
        dated = sorted((d["date"], d["body"]) for ds in snap.deadlines.values() for d in ds
                       if d["date"])
        out = ["vilka uppdrag finns?"]
        if dated:
            when, body = dated[-1]
            month = MONTHS[int(when[5:7]) - 1]
            out.append(f"vad ska till {body} i {month}?" if body else f"deadlines i {month}")
        out += ["deadlines närmaste 30 dagarna", "försenade uppdrag"]
    elif name == "indikator" and snap.indikatorer:
        ind = next((i for i in snap.indikatorer if i["aliases"]), snap.indikatorer[0])
        out = [f"{ind['name'].split(',')[0].lower()}?"]
    elif name == "målområde" and snap.malomraden:
        m = snap.malomraden[min(1, len(snap.malomraden) - 1)]
        out = [f"målområde {m['number']}"] + ([m["short"].lower()] if m["short"] else [])
    elif name == "budget":
        dev = _largest_deviation(snap)
        if dev is not None:
            code, y = dev
            out = [f"avvikelse {snap.verksamheter[code].lower()} {y}"]
            if year:
                out.insert(0, f"budget {snap.verksamheter[code].lower()} {year}")
    elif name == "budgetöversikt":
        if year:
            out.append(f"budget {year}")
        devs = sorted({v["year"] for b in snap.budget for v in b["values"]
                       if v["measure"] == "avvikelse"})
        if devs:
            out.append(f"budgetavvikelser {devs[-1]}")
    elif name == "investering" and snap.projects:
        p = max(snap.projects, key=lambda p: abs(p["avvikelse"] or 0))
        out = [f"investering {p['name'].split(',')[0].lower()}", f"investeringar {p['year']}"]
    elif name == "måluppfyllelse" and snap.maluppfyllelse:
        out = [f"måluppfyllelse {max(m['year'] for m in snap.maluppfyllelse)}"]
    elif name == "årshjul" and snap.arshjul:
        months = [a["month"] for a in snap.arshjul if a["month"]]
        if months:  # the busiest month
            out.append(f"vad händer i {MONTHS[max(set(months), key=months.count) - 1]}?")
    return out


def _largest_deviation(snap: Snapshot) -> tuple[str, int] | None:
    best: tuple[int, str, int] | None = None
    for b in snap.budget:
        if not b["code"] or b["table_kind"] != "drift" or b["code"] not in snap.verksamheter:
            continue
        for v in b["values"]:
            if v["measure"] == "avvikelse" and v["amount"] is not None:
                cand = (abs(v["amount"]), b["code"], v["year"])
                if best is None or cand > best:
                    best = cand
    return (best[1], best[2]) if best else None


_KIND_WORDS = {"indikator": ("ingen", "indikator"), "uppdrag": ("inget", "uppdrag"),
               "verksamhet": ("ingen", "verksamhet"), "projekt": ("inget", "investeringsprojekt"),
               "malomrade": ("inget", "målområde")}


@register(c.Unknown, title="Okänd fråga",
          help="En fråga som inte matchar något besvaras med det närmaste som finns (\"Menade du …\").",
          examples=(), template="unknown.j2")
def answer_unknown(cmd: c.Unknown, ctx: Context) -> r.Result:
    snap = ctx.snap
    if cmd.kind == "social":
        thanks = any(w in fold(cmd.text) for w in ("tack", "toppen", "perfekt", "super"))
        bye = any(w in fold(cmd.text) for w in ("hejda", "adjo", "ses"))
        plan = (snap.plan or {}).get("title")
        greeting = ("Varsågod!" if thanks else "Hej då!" if bye else
                    "Hej! Jag svarar på frågor om " + (f"{plan} och " if plan else "") +
                    "uppföljningen: uppdrag, indikatorer, budget och årshjul.")
        examples = [e for name in ("uppdrag", "uppdragslista", "indikator")
                    for e in live_examples(name, snap)[:1]]
        return r.UnknownResult(text=cmd.text, suggestions=[], lead=greeting, examples=examples,
                               social=True)
    if snap.plan is None and not snap.indikatorer and not snap.arshjul:
        return r.UnknownResult(text=cmd.text, suggestions=[], empty_store=True)
    kinds = {cmd.kind} if cmd.kind in _KIND_WORDS else None
    about = cmd.about or cmd.text
    suggestions = suggest(snap, cmd.about or cmd.text, kinds)
    if not suggestions and kinds:
        suggestions = suggest(snap, cmd.about or cmd.text, None)
    examples = []
    for name in ("uppdrag", "indikator", "uppdragslista", "budgetöversikt", "årshjul"):
        examples += live_examples(name, snap)[:1]
    lead: str | None = None
    if cmd.kind in _KIND_WORDS:
        art, noun = _KIND_WORDS[cmd.kind]
        if cmd.kind in ("uppdrag", "indikator"):
            noun = _word(ctx, cmd.kind, cmd.kind).lower()
            art = _no(noun)
        lead = f"Jag hittar {art} {noun} som matchar \"{about}\"."
    return r.UnknownResult(text=cmd.text, suggestions=suggestions, lead=lead,
                           examples=examples or ["status uppdrag 3.2", "hjälp"])


_NEUTER_ENDINGS = ("mått", "mål", "uppdrag", "tal", "projekt", "område", "index", "värde")


def _no(noun: str) -> str:
    """"ingen" or "inget": Swedish agrees with the noun's gender (ett mått → inget mått)."""
    return "inget" if noun.endswith(_NEUTER_ENDINGS) else "ingen"


def suggest(snap: Snapshot, text: str, kinds: set[str] | None, limit: int = 3) -> list[str]:
    """The closest things that exist, as questions one can ask: "uppdrag 3.2 Främja …"."""
    words = content_words(text)
    hits: list[Match] = snap.index.search(words, kinds=kinds, limit=limit, threshold=70,
                                          min_score=0.2) if words else []
    return list(dict.fromkeys(_as_question(m, snap) for m in hits))


def _as_question(m: Match, snap: Snapshot) -> str:
    e = m.entry
    word = snap.word("uppdrag", "uppdrag").lower()
    if e.kind == "uppdrag":
        return f"{word} {e.label}"
    if e.kind == "indikator":
        return f"indikatorn {e.label}"
    if e.kind == "malomrade":
        return f"målområde {e.key}: {e.label}"
    if e.kind == "verksamhet":
        return f"budget {e.key} {e.label}"
    if e.kind == "projekt":
        return f"investering {e.label}"
    return f"årshjulet: {e.label}"


# --- uppdrag ------------------------------------------------------------------------------


@register(c.UppdragCard, title="Status för ett uppdrag",
          help="Titel, målområde, beskrivning, uppföljning, deadlines, ansvarig, status och senaste uppdatering.",
          examples=("status uppdrag 3.2", "uppdrag 3,2", "3.2?", "hur går det med bostadsutvecklingen?"),
          template="uppdrag_card.j2")
def answer_uppdrag(cmd: c.UppdragCard, ctx: Context) -> r.Result:
    snap = ctx.snap
    word = _word(ctx, "uppdrag", "Uppdrag")
    row = snap.uppdrag_by_key.get(cmd.key)
    if row is None:
        mo = int(cmd.key.rsplit(" ", 1)[-1].split(".")[0])
        neighbours = [(u["key"], u["title"]) for u in snap.uppdrag if u["malomrade"] == mo]
        return r.UppdragMissingResult(
            key=cmd.key, malomrade_exists=any(m["number"] == mo for m in snap.malomraden),
            neighbours=neighbours, all_keys=[u["key"] for u in snap.uppdrag], word=word,
            malomrade=mo, malomrade_word=_word(ctx, "malomrade", "Målområde"),
            has_plan=snap.plan is not None)
    ups = plan_updates(ctx, cmd.key)
    info = uppdrag_info(ctx, row, ups, [], owners=owners_by_key(ctx).get(cmd.key, []))
    return r.UppdragCardResult(uppdrag=info, word=word)


@register(c.UppdragList, title="Listor av uppdrag",
          help="Alla uppdrag, per målområde eller status, de som ska redovisas i en period, "
               "försenade, tysta (ingen uppdatering på länge) och de utan ansvarig.",
          examples=("vilka uppdrag finns?", "uppdrag målområde 4", "vad ska till KS i december?",
                    "deadlines närmaste 30 dagarna", "nästa vecka", "försenade uppdrag",
                    "uppdrag utan uppdatering", "uppdrag utan ansvarig", "pågående uppdrag"),
          template="uppdrag_list.j2")
def answer_uppdrag_list(cmd: c.UppdragList, ctx: Context) -> r.Result:
    items = all_uppdrag(ctx)
    word = _word(ctx, "uppdrag", "Uppdrag").lower()
    heading = f"Alla {word}"
    empty = f"Inga {word} finns inlagda."
    window = None
    where = f" i målområde {cmd.malomrade}" if cmd.malomrade is not None else ""
    next_hint: tuple[dt.date, list[str]] | None = None
    last_hint: tuple[dt.date, list[str]] | None = None  # nothing in or after the window
    note = None
    if cmd.owner is not None:
        who = ctx.user if cmd.owner == c.ME else cmd.owner
        items = [u for u in items if who is not None and who in u.owners]
        heading = ("Dina " + word if cmd.owner == c.ME else f"{word.capitalize()} där {who} är ansvarig")
        empty = ("Du är inte ansvarig för något " + word.rstrip("en") + "." if cmd.owner == c.ME and who
                 else "Jag vet inte vem du är här; fråga i Slack, eller nämn personen."
                 if who is None else f"{who} är inte ansvarig för något {word}.")
    if cmd.keys:
        wanted = set(cmd.keys)
        items = [u for u in items if u.key in wanted]
        heading = f"{word.capitalize()} som matchar \"{cmd.search or ''}\""
        empty = f"Inga {word} matchar \"{cmd.search or ''}\"."
        note = "Skriv numret (t.ex. \"" + cmd.keys[0] + "\") för hela uppdraget."
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
        heading = f"{word.capitalize()} som {shall} redovisas{to} {_period_words(cmd.period)}{where}"
        empty = f"Inga {word} {shall} redovisas{to} {_period_words(cmd.period)}{where}."
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
    if window:
        items.sort(key=lambda u: min(d.date for d in u.deadlines  # type: ignore[type-var]
                                     if d.date and window[0] <= d.date <= window[1]))
    if cmd.with_owners:
        heading += " och deras ansvariga"
    return r.UppdragListResult(heading=heading, items=items, empty_text=empty,
                               show_deadlines_in=window, next_hint=next_hint,
                               last_hint=last_hint,
                               show_silence=cmd.silent_days is not None, note=note,
                               show_latest=cmd.recent_days is not None,
                               show_owners=cmd.with_owners)


def _period_words(period: str | None) -> str:
    if not period:
        return ""
    if period.isdigit():
        return f"under {period}"  # a year: "under 2025", not "i 2025"
    if period[0].isdigit() or period.split()[0] in MONTHS:
        return f"i {period}"
    return period


# --- indikatorer -----------------------------------------------------------------------


@register(c.IndikatorCard, title="Indikator",
          help="Senaste värde, utgångsläge, önskat läge, färg (grön/gul/röd), trend, källa och frekvens.",
          examples=("sjukfrånvaro?", "hur många arbetsställen finns det?", "arbetslösheten", "soliditet"),
          template="indikator_card.j2")
def answer_indikator(cmd: c.IndikatorCard, ctx: Context) -> r.Result:
    snap = ctx.snap
    row = snap.ind_by_slug[cmd.slug]
    others = [indikator_info(ctx, snap.ind_by_slug[s]) for s in cmd.others if s in snap.ind_by_slug]
    return r.IndikatorCardResult(indikator=indikator_info(ctx, row, reason=True), others=others,
                                 word=_word(ctx, "indikator", "Indikator"))


@register(c.IndikatorList, title="Indikatorer",
          help="Alla indikatorer med färg, per målområde, eller de som är röda, gula eller gröna.",
          examples=("indikatorer", "indikatorer målområde 5", "röda indikatorer", "gröna indikatorer"),
          template="indikator_list.j2")
def answer_indikator_list(cmd: c.IndikatorList, ctx: Context) -> r.Result:
    items = all_indikatorer(ctx)
    if cmd.malomrade is not None:
        items = [i for i in items if i.malomrade == cmd.malomrade]
    where = f" i målområde {cmd.malomrade}" if cmd.malomrade is not None else ""
    heading = f"Indikatorer{where}"
    empty = f"Inga indikatorer{where}."
    if cmd.colour is not None:
        items = [i for i in items if i.colour == cmd.colour]
        heading = {"röd": "Indikatorer som inte når målet (röda)",
                   "gul": "Indikatorer som delvis når målet (gula)",
                   "grön": "Indikatorer som når målet (gröna)"}[cmd.colour] + where
        empty = f"Ingen indikator{where} är {cmd.colour}."
    if cmd.reported_to_kf:
        items = [i for i in items if i.reported_to_kf]
        heading += " som rapporteras till KF"
        empty = f"Inga indikatorer{where} rapporteras till KF."
    if cmd.unmeasured:
        items = [i for i in items if i.latest is None]
        heading += " utan mätvärde"
        empty = f"Alla indikatorer{where} har mätvärden."
    return r.IndikatorListResult(heading=heading, items=items, empty_text=empty)


# --- målområden --------------------------------------------------------------------------


@register(c.MalomradeView, title="Målområde",
          help="Namn, strategiska mål, indikatorer med färg och uppdrag med status.",
          examples=("målområde 2", "företagsklimat", "strategiska mål målområde 5"),
          template="malomrade.j2")
def answer_malomrade(cmd: c.MalomradeView, ctx: Context) -> r.Result:
    snap = ctx.snap
    mo = next((m for m in snap.malomraden if m["number"] == cmd.number), None)
    word = _word(ctx, "malomrade", "Målområde")
    if mo is None:
        have = ", ".join(f"{m['number']} {m['short'] or m['name']}" for m in snap.malomraden)
        raise UserError(f"{word} {cmd.number} finns inte. Det finns: {have}." if have else
                        f"Inga {word.lower()}n finns inlagda.")
    inds = [i for i in all_indikatorer(ctx) if i.malomrade == cmd.number]
    ups = [u for u in all_uppdrag(ctx) if u.malomrade == cmd.number]
    return r.MalomradeResult(number=mo["number"], name=mo["name"], short=mo["short"],
                             intro=mo["intro"], goals=mo["goals"], indikatorer=inds, uppdrag=ups,
                             goals_only=cmd.goals_only, word=word,
                             namnd=(snap.plan or {}).get("namnd_name"))


@register(c.MalomradeList, title="Alla målområden", help="Målområdena med kortnamn och antal uppdrag.",
          examples=("målområden",), template="malomrade_list.j2")
def answer_malomrade_list(cmd: c.MalomradeList, ctx: Context) -> r.Result:
    counts: dict[int, int] = {}
    for u in ctx.snap.uppdrag:
        counts[u["malomrade"]] = counts.get(u["malomrade"], 0) + 1
    items = [{"number": m["number"], "name": m["name"], "short": m["short"],
              "uppdrag": counts.get(m["number"], 0)} for m in ctx.snap.malomraden]
    return r.MalomradeListResult(items=items, word=_word(ctx, "malomrade", "Målområde"))


# --- budget -----------------------------------------------------------------------------


def _lines(snap: Snapshot) -> dict[int, r.BudgetLine]:
    """Every budget row as a BudgetLine, by row id (the budget changes only on import)."""
    return snap.memoised("budget_lines", None,  # type: ignore[no-any-return]
                         lambda: {b["id"]: _line(b) for b in snap.budget})


def _line(row: Row) -> r.BudgetLine:
    values: dict[str, int | None] = {}
    for v in row["values"]:
        col = f"{v['measure']} {v['year']}" + (f" {v['period']}" if v["period"] else "")
        values[col] = v["amount"]
    return r.BudgetLine(code=row["code"], name=row["name"], table=row["table_title"],
                        section=row["section"], unit=row["unit"], values=values,
                        analysis=row["analysis"], total=bool(row["total"]))


def _years(rows: list[Row], measure: str | None = None) -> list[int]:
    return sorted({v["year"] for row in rows for v in row["values"]
                   if (measure is None or v["measure"] == measure) and v["amount"] is not None})


def _pick_year(cmd_year: int | None, rows: list[Row], focus: str, today: dt.date) -> int | None:
    if cmd_year is not None:
        return cmd_year
    years = _years(rows, "avvikelse") if focus == "avvikelse" else (
        _years(rows, "budget") or _years(rows, "plan"))
    if not years:
        years = _years(rows)
    if not years:
        return None
    past = [y for y in years if y <= today.year]
    return past[-1] if past else years[0]


def _figures(rows: list[Row]) -> list[r.Figure]:
    out = []
    for b in rows:
        for v in b["values"]:
            if v["amount"] is None or v["period"]:
                continue
            out.append(r.Figure(measure=v["measure"], year=v["year"], amount=v["amount"],
                                unit=b["unit"], table=b["table_title"], analysis=b["analysis"]))
    return out


def _find(figs: list[r.Figure], measure: str, year: int | None) -> r.Figure | None:
    return next((f for f in figs if f.measure == measure and f.year == year), None)


_ORDER = {"bokslut": 0, "utfall": 1, "budget": 2, "plan": 3, "prognos": 4, "avvikelse": 5}


@register(c.BudgetVerksamhet, title="Budget och avvikelse per verksamhet",
          help="Budget, bokslut, plan, utfall och avvikelse för en verksamhet, med analysen.",
          examples=("budget gymnasieskola 2026", "avvikelse gymnasieskola 2024", "skolskjutsar"),
          template="budget_verksamhet.j2")
def answer_budget_verksamhet(cmd: c.BudgetVerksamhet, ctx: Context) -> r.Result:
    rows = [b for b in ctx.snap.budget if b["code"] == cmd.code and b["table_kind"] == "drift"]
    year = _pick_year(cmd.year, rows, cmd.focus, ctx.today)
    figs = _figures(rows)
    main = None
    for measure in ("budget", "plan", "utfall", "bokslut"):
        main = main or _find(figs, measure, year)
    dev_years = sorted({f.year for f in figs if f.measure == "avvikelse"})
    earlier = [y for y in dev_years if year is None or y <= year] or dev_years
    dev_year = year if year in dev_years else (max(earlier) if earlier else None)
    dev = _find(figs, "avvikelse", dev_year)
    deviation = None
    if dev is not None:
        deviation = r.Deviation(year=dev.year, amount=dev.amount, unit=dev.unit,
                                utfall=(_find(figs, "utfall", dev.year) or
                                        _find(figs, "bokslut", dev.year) or dev).amount
                                if (_find(figs, "utfall", dev.year) or
                                    _find(figs, "bokslut", dev.year)) else None,
                                budget=b.amount if (b := _find(figs, "budget", dev.year)) else None,
                                analysis=dev.analysis)
    plan_year = ctx.snap.plan_year
    current = None
    if plan_year and plan_year != year:
        current = _find(figs, "budget", plan_year)
    series = sorted((f for f in figs if f.measure != "avvikelse"),
                    key=lambda f: (f.table, f.year, _ORDER.get(f.measure, 9)))
    return r.BudgetVerksamhetResult(
        code=cmd.code, name=ctx.snap.verksamheter.get(cmd.code, cmd.code), year=year,
        focus=cmd.focus, lines=[_line(b) for b in rows], main=main, deviation=deviation,
        deviation_missing=cmd.focus == "avvikelse" and (dev is None or dev.year != year),
        current=current, series=series, unit=rows[0]["unit"] if rows else "tkr")


def _year_label(rows: list[Row], year: int | None) -> str:
    measures = {v["measure"] for b in rows for v in b["values"] if v["year"] == year}
    if "budget" in measures or not measures:
        return f"Budget {year or ''}".strip()
    if "plan" in measures:
        return f"Plan {year}"
    return f"Bokslut {year}"


@register(c.BudgetOverview, title="Budget och avvikelser för ett år",
          help="Budgetramen och driftbudgeten, eller årets avvikelser, störst först, med summa.",
          examples=("budget 2026", "budgetavvikelser 2024", "största avvikelserna 2024",
                    "investeringsbudget 2026"),
          template="budget_overview.j2")
def answer_budget_overview(cmd: c.BudgetOverview, ctx: Context) -> r.Result:
    # the budget changes only on import (a new snapshot): one answer per question and day
    return ctx.snap.memoised(f"overview:{cmd!r}", ctx.today,  # type: ignore[no-any-return]
                             lambda: _budget_overview(cmd, ctx))


def _budget_overview(cmd: c.BudgetOverview, ctx: Context) -> r.BudgetOverviewResult:
    kind = cmd.kind
    rows = [b for b in ctx.snap.budget if b["table_kind"] == kind or
            (kind == "drift" and b["table_kind"] == "resultat")]
    year = _pick_year(cmd.year, rows, cmd.focus, ctx.today)
    frame = next((f for f in ctx.snap.frames if f["year"] == year), None)
    tables: dict[tuple[str, str | None], dict[str, Any]] = {}
    deviations: list[r.BudgetLine] = []
    total = None
    lines = _lines(ctx.snap)
    for b in rows:
        line = lines[b["id"]]
        cols = [k for k in line.values if k.endswith(f" {year}") or f" {year} " in k]
        if not cols:
            continue
        if cmd.focus == "avvikelse" and not any(k.startswith("avvikelse") for k in cols):
            continue
        if cmd.focus == "budget" and not any(k.startswith(("budget", "plan")) for k in cols):
            continue
        if all(line.values.get(k) is None for k in cols):
            continue  # a project without figures this year
        t = tables.setdefault((b["table_title"], b["section"]),
                              {"title": b["table_title"], "section": b["section"], "columns": cols,
                               "rows": [], "kind": b["table_kind"], "seen": set()})
        for col in cols:
            if col not in t["columns"]:
                t["columns"].append(col)
        same = (line.name, tuple(line.values.items()))
        if same not in t["seen"]:  # tables printed twice (a sum and its parts) show once
            t["seen"].add(same)
            t["rows"].append(line)
        dev = line.values.get(f"avvikelse {year}")
        if dev is not None and b["table_kind"] == kind:
            if line.total:
                total = total or line
            elif line.code or kind == "investering":
                deviations.append(line)
    deviations.sort(key=lambda ln: (-abs(ln.values.get(f"avvikelse {year}") or 0), ln.name))
    return r.BudgetOverviewResult(
        year=year, focus=cmd.focus, kind=kind,
        frame_tkr=frame["budget_frame_tkr"] if frame else None,
        frame_title=frame["title"] if frame else None,
        tables=list(tables.values()), deviations=deviations, total=total,
        years=_years(rows, "avvikelse" if cmd.focus == "avvikelse" else None),
        label=_year_label(rows, year))


@register(c.Investering, title="Investeringar",
          help="Ett investeringsprojekt: årets utfall, budget och avvikelse, projektets totaler och analys.",
          examples=("investering hammars skola", "investeringar 2024"),
          template="investering.j2")
def answer_investering(cmd: c.Investering, ctx: Context) -> r.Result:
    projects = [p for p in ctx.snap.projects if cmd.project is None or p["name"] == cmd.project]
    if cmd.year is not None:
        projects = [p for p in projects if p["year"] == cmd.year] or projects
    lines = []
    if cmd.project:
        key = fold(cmd.project)
        lines = [_line(b) for b in ctx.snap.budget
                 if b["table_kind"] == "investering" and not b["total"]
                 and fold(b["name"]).split(",")[0] == key.split(",")[0]
                 and fold(b["name"]) != key]
    years = sorted({p["year"] for p in projects})
    return r.InvesteringResult(projects=projects, query=cmd.project, budget_lines=lines,
                               listing=cmd.project is None,
                               year=years[-1] if len(years) == 1 else None)


@register(c.MaluppfyllelseView, title="Måluppfyllelse",
          help="Årsredovisningens måluppfyllelse: mål, målvärde, utfall, färg och kommentar.",
          examples=("måluppfyllelse 2024",), template="maluppfyllelse.j2")
def answer_maluppfyllelse(cmd: c.MaluppfyllelseView, ctx: Context) -> r.Result:
    rows = ctx.snap.maluppfyllelse
    years = sorted({m["year"] for m in rows})
    year = cmd.year if cmd.year is not None else (years[-1] if years else None)
    return r.MaluppfyllelseResult(year=year, rows=[m for m in rows if m["year"] == year],
                                  years=years)


@register(c.ArshjulView, title="Årshjulet",
          help="Vad som händer en viss månad, eller när något sker, enligt organisationens årshjul.",
          examples=("vad händer i april?", "när är delårsrapporten?", "årshjulet"),
          template="arshjul.j2")
def answer_arshjul(cmd: c.ArshjulView, ctx: Context) -> r.Result:
    events = ctx.snap.arshjul
    org = _org_name(ctx)
    if cmd.event is not None and 0 <= cmd.event < len(events):
        ev = events[cmd.event]
        same = [e for e in events if fold(e["what"]) == fold(ev["what"])]
        return r.ArshjulResult(heading=ev["what"].rstrip("."), events=same, has_calendar=True,
                               organisation=org)
    if cmd.month is not None:
        m = cmd.month
        hits = [e for e in events if e["month"] is not None and (
            e["month"] == m or (e["month_end"] and (
                e["month"] <= m <= e["month_end"] if e["month"] <= e["month_end"]
                else m >= e["month"] or m <= e["month_end"])))]
        due: list[r.UppdragInfo] = []
        period = None
        window = None
        if ctx.snap.plan is not None:
            y = ctx.snap.plan_year or ctx.today.year
            period = f"{MONTHS[m - 1]} {y}"
            first = dt.date(y, m, 1)
            window = (first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1))
            due = [u for u in all_uppdrag(ctx)
                   if any(d.date and d.date.year == y and d.date.month == m for d in u.deadlines)]
        return r.ArshjulResult(heading=f"I {MONTHS[m - 1]} enligt årshjulet", events=hits,
                               has_calendar=bool(events), organisation=org, month=m,
                               due=due, due_period=period, due_window=window)
    regular: list[r.UppdragInfo] = []
    if not events:
        regular = [u for u in all_uppdrag(ctx) if "rapporteringsstruktur" in u.tidplan_flags]
    return r.ArshjulResult(heading="Årshjulet", events=events, has_calendar=bool(events),
                           organisation=org, what=cmd.what, regular=regular)
