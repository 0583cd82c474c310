"""Hjälp, and the answer to a question that matched nothing ("Menade du …?")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field
from typing import Any, ClassVar

from bot.core import results as r
from bot.core.commands import REGISTRY, Command, register
from bot.core.context import Context
from bot.core.markup import Action
from bot.core.matching import STOPWORDS, Match, content_words
from bot.core.parse import analyse, year
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot
from bot.core.trust import COST_WORDS, asks_saving, other_municipality
from bot.core.typed import decode
from bot.core.views import (
    forecast_indicator,
    level_word,
    live_examples,
)
from bot.domain import fmt
from bot.domain.plan import key_order
from bot.domain.text import fold


@dataclass(frozen=True, kw_only=True)
class Help(Command):
    name: ClassVar[str] = "hjälp"


@dataclass(frozen=True, kw_only=True)
class Unknown(Command):
    name: ClassVar[str] = "okänd"
    text: str
    kind: str | None = None  # what the message asked for, when it said: "indikator", "uppdrag" …
    # ("kostnad": the cost of a thing the plan gives no amount, `about` names it)
    about: str | None = None  # the words that matched nothing, as typed
    unsure: bool = False  # something matched, too weakly to answer with (bot.core.trust)


@dataclass(kw_only=True)
class HelpResult(r.Result):
    template: ClassVar[str] = "help.j2"
    commands: list[dict[str, Any]]
    organisation: str | None
    plan_title: str | None
    missing: list[str] = field(default_factory=list)  # kinds of data the store does not have yet


@dataclass(kw_only=True)
class UnknownResult(r.Result):
    template: ClassVar[str] = "unknown.j2"
    text: str
    suggestions: list[str]
    empty_store: bool = False
    lead: str | None = None  # "Jag hittar ingen indikator som matchar …"
    examples: list[str] = field(default_factory=list)
    social: bool = False  # a greeting or a thank-you, answered in kind
    asks: list[tuple[str, Command]] = field(default_factory=list)  # the suggestions, typed

    def actions(self) -> list[Action]:
        """The nearest readings as buttons that ask them."""
        return [Action(label=label[:75], command=cmd) for label, cmd in self.asks]


# how to use the bot, asked: "hur uppdaterar jag ett uppdrag?", "hur gör man för att lägga in
# ett värde?" (not "mina uppdrag": "jag" is the asker of a how-to, not whose uppdrag)
_HOW_TO = re.compile(r"\bhur\s+(?:gor\s+(?:jag|man)\s+for\s+att|(?:uppdaterar|rapporterar|"
                     r"registrerar|andrar|anvander)\s+(?:jag|man|vi)|lagger\s+(?:jag|man|vi)\s+in)\b|"
                     r"\bhow\s+do\s+i\s+(?:update|report|use|add|change)\b")


def match_how_to(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """"hur uppdaterar jag ett uppdrag?": the help, which shows how (not the asker's list)."""
    if len(text) > 120 or not _HOW_TO.search(fold(text)) or re.search(r"\b\d\.\d", text):
        return None  # "hur uppdaterar jag 3.2?": that uppdrag's card, which says how
    return Help()


@register(Help, title="Hjälp", help="Visar vad du kan fråga om, med exempel från planen.",
          examples=("hjälp",))
def answer_help(cmd: Help, ctx: Context) -> r.Result:
    return ctx.snap.memoised("help", ctx.today, lambda: _help(ctx))  # type: ignore[no-any-return]


def _help(ctx: Context) -> HelpResult:
    from handlers.questions import QUESTIONS, parse  # the question matcher imports this module

    items = []
    missing: list[str] = []
    for spec in REGISTRY.values():
        if spec.name in ("hjälp", "okänd"):
            continue
        needs = spec.needs
        if needs is not None and not getattr(ctx.snap, needs[0]):
            if needs[1] not in missing:
                missing.append(needs[1])
            continue  # nothing to ask about in this store
        examples: list[str] = []
        for e in [*live_examples(spec.name, ctx.snap), *spec.examples]:
            if e in examples or len(examples) >= 3:
                continue
            # a static example is shown only if it still means this command in the live data
            if spec.command in QUESTIONS and type(parse(e, ctx.snap, ctx.today)).name != spec.name:
                continue
            examples.append(e)
        items.append({"title": spec.title, "help": spec.help, "examples": examples})
    return HelpResult(commands=items, organisation=(ctx.snap.org or {}).get("name"),
                        plan_title=(ctx.snap.plan or {}).get("title"), missing=missing)


# a question's own words, which name no uppdrag when they are all a miss holds
_ASK_WORDS = frozenset({"vem", "vad", "nar", "hur", "vilket", "vilken", "status", "vem ager",
                        "vem ansvarar"})
_KIND_WORDS = {"indikator": ("ingen", "indikator"), "uppdrag": ("inget", "uppdrag"),
               "verksamhet": ("ingen", "verksamhet"), "projekt": ("inget", "investeringsprojekt"),
               "malomrade": ("inget", "målområde")}


@register(Unknown, title="Okänd fråga",
          help="En fråga som inte matchar något besvaras med det närmaste som finns (\"Menade du …\").",
          examples=())
def answer_unknown(cmd: Unknown, ctx: Context) -> r.Result:
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
        return UnknownResult(text=cmd.text, suggestions=[], lead=greeting, examples=examples,
                               social=True)
    if snap.plan is None and not snap.indikatorer and not snap.arshjul:
        return UnknownResult(text=cmd.text, suggestions=[], empty_store=True)
    if cmd.kind == "oklar" and (last := decode(cmd.about)) is not None:
        # a vague follow-up ("hur många?"; ``about`` is its subject, typed): ask it back
        from handlers.conversation import describe, readings

        asks = readings(last, snap)
        return UnknownResult(text=cmd.text, suggestions=[label for label, _ in asks], asks=asks,
                             lead=f"Vad vill du veta om {describe(last, snap)}? Säg det gärna med ett ord "
                                  "till (\"vem\", \"när\", \"vilket år\").")
    kinds = {cmd.kind} if cmd.kind in _KIND_WORDS else None
    about = cmd.about or cmd.text
    asks = suggest_commands(snap, cmd.about or cmd.text, kinds)
    if not asks and kinds:
        asks = suggest_commands(snap, cmd.about or cmd.text, None)
    suggestions = [label for label, _ in asks]
    examples = []
    for name in ("uppdrag", "indikator", "uppdragslista", "budgetöversikt", "årshjul"):
        examples += live_examples(name, snap)[:1]
    # a place named alone as all the question is about ("hur gick det för laxå 2024?"): whose
    # plans are held said (a question with more to it keeps its readings and passages)
    other = other_municipality(cmd.text, (snap.org or {}).get("name"),
                               bare=not cmd.kind and len((cmd.about or "").split()) == 1)
    if other is not None:
        own = (snap.org or {}).get("name") or "kommunen"
        own = own + ("s" if not own.endswith("s") else "")
        return UnknownResult(
            text=cmd.text, suggestions=[], asks=[],
            lead=(f"Det finns inte i planen: jag har bara {own} planer och uppföljning, "
                  f"inget om {other}."),
            examples=examples)
    if cmd.kind == "personal":  # "hur många jobbar i kommunen?": which count is meant
        staff = [*suggest_commands(snap, "anställda", {"indikator"}, limit=1),
                 *suggest_commands(snap, "bor och arbetar", {"indikator"}, limit=1)]
        staff = list(dict(staff).items())
        if staff:
            return UnknownResult(
                text=cmd.text, suggestions=[label for label, _ in staff], asks=staff,
                lead=("Hur många som jobbar i kommunen kan betyda kommunens egna anställda "
                      "eller alla som arbetar i kommunen; planen har indikatorer för båda."),
                examples=[])
    if cmd.kind == "kommun":  # "vilken kommun har bäst företagsklimat?": ours alone is held
        own = (snap.org or {}).get("name") or "kommunen"
        own = own + ("s" if not own.endswith("s") else "")
        return UnknownResult(
            text=cmd.text, suggestions=[], asks=[],
            lead=(f"Det finns inte i planen: jag har bara {own} planer och uppföljning, inte "
                  "andra kommuners."),
            examples=examples)
    if cmd.kind == "nämnd":  # "vilken nämnd har störst underskott?": one nämnd's plan is held
        namnd = (snap.plan or {}).get("namnd_name") or "en nämnd"
        line = suggest_commands(snap, "Nämnder/Styrelser", {"verksamhet"}, limit=1)
        return UnknownResult(
            text=cmd.text, suggestions=[label for label, _ in line], asks=line,
            lead=(f"Det finns inte i planen: jag har bara {namnd}s plan och uppföljning, inte "
                  "andra nämnders. Verksamheten Nämnder/Styrelser är kostnaden för de "
                  "politiska organens arbete."),
            examples=examples)
    if cmd.kind == "kostnad":  # "vad kostar handslaget?": no amount of an uppdrag or a figure
        return _no_cost(cmd, snap, about, examples)
    if cmd.kind == "period":  # "utfall skolskjutsar oktober 2024": the budget is by year
        return _no_period(cmd, snap)
    if cmd.kind == "tid":  # "hur många timmar har lagts på 5.2?": no time spent is recorded
        return UnknownResult(
            text=cmd.text, suggestions=[], asks=[],
            lead=f"Planen anger ingen arbetstid för {about}: uppdragen följs upp med status, "
                 "procent och uppdateringar, inte med timmar.",
            examples=[f"status {about}"])
    if cmd.kind == "möte":  # "när är nästa KS?": no meeting calendar, the next date due
        return _no_meeting(cmd, ctx, examples)
    if cmd.kind == "rapport":  # "när kommer årsredovisningen?": no calendar of reports
        return UnknownResult(
            text=cmd.text, suggestions=[], asks=[],
            lead=f"Planen anger inte när {cmd.about} kommer; det finns inget årshjul inlagt. "
                 "Jag kan säga vilka uppdrag som ska redovisas och när.",
            examples=[f"vad ska till KS i {fmt.month(ctx.today.month)}?"])
    if cmd.kind == "vilket mål":  # "klarar vi målet?" with no goal named, nor said before
        from handlers.malomrade import MalomradeList
        from handlers.maluppfyllelse import MaluppfyllelseView

        asks = [("måluppfyllelse", MaluppfyllelseView()), ("strategiska mål", MalomradeList(goals=True))]
        return UnknownResult(
            text=cmd.text, suggestions=[label for label, _ in asks], asks=asks,
            lead=("Vilket mål menar du? Nämn målet eller indikatorn, till exempel \"klarar vi "
                  "målet för sjukfrånvaron?\". Hur det gick för målen står i måluppfyllelsen."),
            examples=[])
    if cmd.kind == "kvar":  # "hur mycket har vi kvar av budgeten i år?"
        return _no_remainder(cmd, snap)
    if cmd.kind == "jämförelse":  # "skillnad?" with nothing named
        return UnknownResult(
            text=cmd.text, suggestions=[], asks=[],
            lead="Vad vill du jämföra? Nämn två år, två verksamheter eller två indikatorer.",
            examples=[e for name in ("jämförelse", "indikatorjämförelse")
                      for e in REGISTRY[name].examples[:1]])
    if cmd.kind == "titel":  # "vilka uppdrag har hr-chefen?"
        return UnknownResult(
            text=cmd.text, suggestions=[], asks=[],
            lead=(f"Uppdragens ansvariga är personer (\"ansvarig 3.2 @namn\"), inte titlar, så "
                  f"jag vet inte vem som är {about}. Fråga med personen: \"vilka uppdrag har "
                  "@namn?\""),
            examples=["mina uppdrag"])
    if cmd.kind == "röstning":  # "vem röstade emot handslaget?": the plan holds no votes
        named = suggest_commands(snap, cmd.about, None) if cmd.about else []
        return UnknownResult(
            text=cmd.text, suggestions=[label for label, _ in named], asks=named,
            lead=("Det finns inte i planen: dokumenten redovisar inga omröstningar eller "
                  "reservationer, bara vad som beslutats."),
            examples=examples)
    if cmd.kind == "aktivitet":  # "vilka aktiviteter har IT?": a unit with none in the plans
        units = sorted(set(snap.aktivitet_ansvar.values()))
        return UnknownResult(
            text=cmd.text, suggestions=[], asks=[],
            lead=(f"Det finns inte i planen: verksamhetsplanen har inga aktiviteter för "
                  f"\"{about}\". Aktiviteterna har de här ansvariga: {', '.join(units)}."),
            examples=[f"vilka aktiviteter har {units[0]}?"] if units else ["vilka aktiviteter finns?"])
    if cmd.kind == "hypotes":  # "vad händer om det inte blir klart?": no plan says
        return UnknownResult(
            text=cmd.text, suggestions=suggestions, asks=asks,
            lead=(f"Det finns inte i planen: den säger inte vad som händer om {about}. Den "
                  "anger mål, uppdrag, budget och hur det följs upp, inte följderna."),
            examples=examples)
    if cmd.kind == "åsikt" and cmd.about and cmd.about.startswith("vad ") and \
            cmd.about.endswith(" tycker"):
        # "vad tycker oppositionen om budgeten?": what others think is in no plan; what the
        # plan holds of the subject is offered
        subject = re.search(r"\bom\s+(.+?)\W*$", cmd.text)
        named = _namesakes(ctx, subject.group(1)) if subject else []
        return UnknownResult(
            text=cmd.text, suggestions=[label for label, _ in named], asks=named,
            lead=(f"Det finns inte i planen: den säger inte {cmd.about}, bara vad som är "
                  "beslutat och hur det följs upp."),
            examples=examples)
    if cmd.kind == "åsikt":  # "vad tycker du om budgeten?": the bot has no opinion
        named = _namesakes(ctx, cmd.about) if cmd.about else []
        return UnknownResult(
            text=cmd.text, suggestions=[label for label, _ in named], asks=named,
            lead=("Jag har inga egna åsikter: jag kan bara visa vad planen och uppföljningen "
                  "säger" + (f" om {cmd.about}." if cmd.about and named else ".")),
            examples=examples)
    if cmd.kind == "ärende":  # "intranätet funkar inte", "min son behöver skolskjuts"
        named = _namesakes(ctx, cmd.about) if cmd.about else []
        return UnknownResult(
            text=cmd.text, suggestions=[label for label, _ in named], asks=named,
            lead=("Det finns inte i planen: det låter som ett ärende för kommunens kundtjänst "
                  "eller IT-support, och det kan jag inte hjälpa till med. Jag svarar på frågor "
                  "om planens uppdrag, indikatorer och budget."),
            examples=examples)
    if cmd.kind == "råd":  # "har vi råd med investeringarna?": no plan judges it
        return _no_afford(cmd, snap, examples)
    from handlers.texts import fallback  # the documents' text, when a passage holds it all

    from_text = fallback(ctx, cmd.about or cmd.text, suggestions, typed=cmd.text)
    if from_text is not None:
        return from_text
    lead: str | None = None
    if cmd.unsure and (noted := _noted_in_analysis(snap, about, asks)) is not None:
        # "hur mycket kostade pumpbrunnen?": a part the analysis of a project or a line names,
        # which the plan gives no amount of; said with the analysis's own sentence
        name, sentence = noted
        asked = analyse(cmd.text, snap)
        cost = bool(set(asked.words) & (COST_WORDS | {"belopp", "beloppet"})) or \
            asked.phrase("hur mycket", "hur mkt", "how much")
        lead = ((f"Planen anger inget eget belopp för \"{about}\". " if cost else "") +
                f"Analysen av {name} nämner det: ”{sentence}”")
    elif cmd.unsure:
        lead = (f"Det finns inte i planen, vad jag kan se: jag hittar inget om \"{about}\" "
                "och svarar hellre inte om något annat.")
    elif cmd.kind in _KIND_WORDS:
        art, noun = _KIND_WORDS[cmd.kind]
        if cmd.kind in ("uppdrag", "indikator"):
            noun = level_word(ctx, cmd.kind, cmd.kind).lower()
            art = _no(noun)
        lead = f"Jag hittar {art} {noun} som matchar \"{about}\"."
        if cmd.kind == "projekt" and fold(about) == "vilket":
            # "hur mycket kostade projektet?" alone: which one is not said; asked back
            lead = ("Vilket investeringsprojekt menar du? Skriv dess namn, till exempel "
                    "\"Åsbro förskola 2024\".")
        if cmd.kind == "uppdrag" and fold(about) in _ASK_WORDS:
            # "vem äger uppdraget?" alone: which one is not said; asked back
            lead = (f"Vilket {noun} menar du? Skriv dess nummer, till exempel "
                    f"\"{about.lower()} äger 3.2?\"" if fold(about) == "vem" else
                    f"Vilket {noun} menar du? Skriv dess nummer, till exempel \"status 3.2\".")
    return UnknownResult(text=cmd.text, suggestions=suggestions, lead=lead,
                           examples=examples or ["status uppdrag 3.2", "hjälp"], asks=asks)


def _noted_in_analysis(snap: Snapshot, about: str, asks: list[tuple[str, Command]]
                       ) -> tuple[str, str] | None:
    """The nearest reading's name and the sentence of its analysis that holds every word of
    ``about`` (a word's stem, "pumpbrunnen" of "en pumpbrunn"); None when it holds none."""
    from handlers.budget import BudgetVerksamhet, Investering

    words = content_words(about)
    if not words or not asks:
        return None
    cmd = asks[0][1]
    if isinstance(cmd, Investering) and cmd.project:
        name = cmd.project
        notes = [p["analysis"] for p in snap.projects if p["name"] == cmd.project and p["analysis"]]
    elif isinstance(cmd, BudgetVerksamhet) and cmd.code:
        name = f"{cmd.code} {snap.verksamheter.get(cmd.code, '')}".strip()
        notes = [r["analysis"] for r in snap.budget if r["code"] == cmd.code and r["analysis"]]
    else:
        return None
    for note in dict.fromkeys(notes):
        for sentence in re.split(r"(?<=\.)\s+", note):
            said = content_words(sentence)
            if all(any(s.startswith(w) or w.startswith(s) for s in said if len(s) >= 4)
                   for w in words):
                return name, sentence.strip()
    return None


def _namesakes(ctx: Context, about: str) -> list[tuple[str, Command]]:
    """What the plan holds of the words of a message it does not answer (an opinion asked
    of the bot, a support errand): the reading of those words alone when they make a
    question ("budgeten": the budget overview), and the nearest entries that share a word's
    first five letters with them ("intranätet": Kommunens intranät, not Interna
    pensionskostnader by a near spelling)."""
    from handlers import parse
    from handlers.conversation import describe

    out: list[tuple[str, Command]] = []
    alone = parse(about, ctx.snap, ctx.today)
    if not isinstance(alone, (Unknown, Help)):
        out.append((describe(alone, ctx.snap), alone))
    typed = {fold(w)[:5] for w in content_words(about) if len(w) >= 5}
    for label, cmd in suggest_commands(ctx.snap, about, None):
        if cmd != alone and not any(fold(seen) in fold(label) for seen, _ in out) and \
                any(fold(w)[:5] in typed for w in re.findall(r"\w{5,}", label)):
            out.append((label, cmd))
    return out[:3]


def _no_afford(cmd: Unknown, snap: Snapshot, examples: list[str]) -> UnknownResult:
    """Whether the municipality can afford something: the plan does not say; what it says is
    its financial goals (the figures of the text in the group "Finansiella mål"), with the
    financial målområde and the självfinansieringsgrad indicator to ask."""
    from handlers.indikator import IndikatorCard
    from handlers.malomrade import MalomradeView

    what = cmd.about.strip() if cmd.about and fold(cmd.about).split()[-1] not in ("it", "that") else ""
    goals = [row["text"] for row in snap.nyckeltal if row["grp"] == "Finansiella mål" and row["text"]]
    lead = f"Planen säger inte om kommunen har råd {what or 'med det'}."
    if goals:
        lead += " Det den anger är de finansiella målen: " + "; ".join(f"”{t}”" for t in goals) + "."
    asks: list[tuple[str, Command]] = []
    for m in snap.malomraden:
        if fold(m["name"]).startswith("finansiell"):
            asks.append((f"målområde {m['number']} {m['name']}", MalomradeView(number=m["number"])))
    for i in snap.indikatorer:
        if "sjalvfinansiering" in i["slug"]:
            asks.append((i["name"], IndikatorCard(slug=i["slug"])))
    return UnknownResult(text=cmd.text, suggestions=[label for label, _ in asks], asks=asks,
                         lead=lead, examples=[e for e in examples if e.startswith("budget")] or examples)


def _no_meeting(cmd: Unknown, ctx: Context, examples: list[str]) -> UnknownResult:
    """"när är nästa KS-sammanträde?": the plan holds no meeting dates; the next date when
    uppdrag are due to that body is the nearest answer it has."""
    body = cmd.about or ""
    today = ctx.today.isoformat()
    due = sorted((str(d["date"])[:10], key) for key, ds in ctx.snap.deadlines.items() for d in ds
                 if d["date"] and str(d["date"])[:10] >= today and (not body or d["body"] == body))
    lead = f"Planen anger inga sammanträdesdatum{' för ' + body if body else ''}."
    if due:
        day = due[0][0]
        keys = sorted({k for d, k in due if d == day}, key=key_order)
        lead += (f" Nästa datum då uppdrag ska redovisas{' till ' + body if body else ''}: "
                 f"{fmt.date(dt.date.fromisoformat(day))} ({', '.join(keys)}).")
    return UnknownResult(text=cmd.text, suggestions=[], asks=[], lead=lead,
                         examples=[f"vad ska till {body or 'KS'} i {fmt.month(ctx.today.month)}?"])


def _no_cost(cmd: Unknown, snap: Snapshot, about: str, examples: list[str]) -> UnknownResult:
    """The cost of an uppdrag or an indicator asked ("vad kostar handslaget?"): the plan gives
    none; the thing itself and the budget are the readings."""
    from handlers.uppdrag import UppdragCard

    word, _, key = about.partition(" ")
    if word.lower() == "uppdrag" and (u := snap.uppdrag_by_key.get(key)) is not None:
        asks: list[tuple[str, Command]] = [(f"uppdrag {u['key']} {u['title']}",
                                            UppdragCard(key=u["key"]))]
        about = f"uppdrag {u['key']}"
    elif fold(about) in ("uppdragen", "malomradena") or fold(about).startswith("malomrade "):
        asks = []  # "vad kostar varje uppdrag?", "… målområde 2?": none of them has an amount
    else:
        asks = suggest_commands(snap, about, None, limit=1)
    return UnknownResult(
        text=cmd.text, suggestions=[label for label, _ in asks], asks=asks,
        lead=(f"Planen anger ingen {'besparing' if asks_saving(analyse(cmd.text, snap)) else 'kostnad'} "
              f"för {about}: budget och utfall finns per verksamhet och per investeringsprojekt."),
        examples=[e for e in examples if e.startswith("budget")] or examples)


def _no_period(cmd: Unknown, snap: Snapshot) -> UnknownResult:
    """A budget line or the budget asked for a month or a quarter: the documents give the
    budget, the outcome and the deviation by whole year; the line (or the year) is offered."""
    from handlers.budget import BudgetOverview

    q = analyse(cmd.text, snap)
    asks: list[tuple[str, Command]] = suggest_commands(snap, cmd.text, {"verksamhet"}, limit=1)
    y = year(q)
    if not asks:
        asks.append((f"Budget {y or snap.plan_year}" if (y or snap.plan_year) else "Budgeten",
                     BudgetOverview(year=y or snap.plan_year)))
    return UnknownResult(
        text=cmd.text, suggestions=[label for label, _ in asks], asks=asks,
        lead=(f"Det finns inte i planen: budget, utfall och avvikelse redovisas per helår, inte "
              f"för {cmd.about}. Helårets siffror finns."),
        examples=[])


def _no_remainder(cmd: Unknown, snap: Snapshot) -> UnknownResult:
    """What is left of (or spent from) the budget so far this year: the store has the year's
    budget and the forecast of its outcome, not the ledger; both are offered."""
    from handlers.budget import BudgetOverview
    from handlers.indikator import IndikatorCard

    asks: list[tuple[str, Command]] = suggest_commands(snap, cmd.about, {"verksamhet"}, limit=1) \
        if cmd.about else []
    forecast = forecast_indicator(snap)
    if forecast is not None:
        asks.append((f"indikatorn {forecast['name']}", IndikatorCard(slug=forecast["slug"])))
    asks.append((f"Budget {snap.plan_year}" if snap.plan_year else "Budgeten",
                 BudgetOverview(year=snap.plan_year)))
    return UnknownResult(
        text=cmd.text, suggestions=[label for label, _ in asks], asks=asks,
        lead=("Det finns inte i planen: jag har årets budget och prognosen för helåret, inte "
              "bokföringen, så jag kan inte säga hur mycket som är förbrukat eller kvar hittills."),
        examples=[])


_NEUTER_ENDINGS = ("mått", "mål", "uppdrag", "tal", "projekt", "område", "index", "värde")


def _no(noun: str) -> str:
    """"ingen" or "inget": Swedish agrees with the noun's gender (ett mått → inget mått)."""
    return "inget" if noun.endswith(_NEUTER_ENDINGS) else "ingen"


def suggest(snap: Snapshot, text: str, kinds: set[str] | None, limit: int = 3) -> list[str]:
    """The closest things that exist, as questions one can ask: "uppdrag 3.2 Främja …"."""
    return [label for label, _ in suggest_commands(snap, text, kinds, limit)]


def suggest_commands(snap: Snapshot, text: str, kinds: set[str] | None, limit: int = 3
                     ) -> list[tuple[str, Command]]:
    """The closest things that exist: each as a question one can ask and its command."""
    words = content_words(text)
    hits: list[Match] = snap.index.search(words, kinds=kinds, limit=limit, threshold=70,
                                          min_score=0.2) if words else []
    out = _readings(hits, snap)
    # "vad gör vi åt bostadsbristen?": no word like it, but its first part begins 3.2's
    # "bostadsutveckling" (only for uppdrag, what is done: a compound's first part alone is
    # too loose a clue for figures, "vattenkvaliteten" is no "vattenskada")
    for head in (h for w in words for h in snap.index.heads(w) if h not in STOPWORDS):
        if out or kinds != {"uppdrag"}:
            break
        out = _readings(snap.index.search([head], kinds=kinds, limit=limit, threshold=70,
                                          min_score=0.2, compounds=True), snap)
    return list(out.items())


def _readings(hits: list[Match], snap: Snapshot) -> dict[str, Command]:
    """Each hit near enough the nearest, as the question one can ask and its command."""
    out: dict[str, Command] = {}
    for m in hits:
        if hits[0].score and m.score < hits[0].score * 0.5:
            break  # far from the nearest: noise
        if not any(_supports(v, w) for w in m.matched for v in m.entry.words | m.entry.extra
                   if v not in _FUNCTION_STEMS):
            continue  # only a little word ("möten" ~ "mot") or a near spelling of another
            # word ("statligt" ~ "samtlig") in common
        out.setdefault(_as_question(m, snap), command_for(m))
    return out


def _supports(name_word: str, asked: str) -> bool:
    """A word of a name the question's word stands for: the same start, or a compound's part."""
    return name_word.startswith(asked[:4]) or asked in name_word or (
        len(name_word) >= 4 and name_word in asked) or (
        len(asked) >= 6 and name_word.endswith(asked[-4:]))  # "ishallen" ~ "idrottshall"


# prepositions and the like that a name holds and a question's word may stem to ("möten" →
# "mot"): no reading shares only one of them
_FUNCTION_STEMS = frozenset({"mot", "for", "till", "med", "av", "per", "utan", "efter", "inom",
                             "under", "over", "samt", "vid", "kring", "mellan"})


def command_for(m: Match) -> Command:
    """The card of a vocabulary entry."""
    from handlers.arshjul import ArshjulView
    from handlers.budget import BudgetVerksamhet, Investering
    from handlers.indikator import IndikatorCard
    from handlers.malomrade import MalomradeView
    from handlers.uppdrag import UppdragCard

    e = m.entry
    if e.kind == "uppdrag":
        return UppdragCard(key=e.key)
    if e.kind == "indikator":
        return IndikatorCard(slug=e.key)
    if e.kind == "malomrade":
        return MalomradeView(number=int(e.key))
    if e.kind == "verksamhet":
        return BudgetVerksamhet(code=e.key)
    if e.kind == "projekt":
        return Investering(project=e.key)
    return ArshjulView(event=int(e.key))


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
