"""The command handlers: one module per family of commands, each holding its commands, its
matchers, its answers and results (each result names its template), its help and examples.

`MATCHERS` is the one ordered list of how a message is matched: the first matcher that
gives a command wins. The read-only questions share one matcher (handlers/questions.py),
last, as it was; the redesign of matching (issue 14) splits it per handler. A matcher is
``(text, snapshot, today) -> Command | None`` and is pure.

Importing this package registers every command (bot.core.commands.REGISTRY), in the order
`hjälp` and the README list them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace

from bot.core.commands import Command, order_registry
from bot.core.context import UserError
from bot.core.parse import (
    Query,
    analyse,
    malomrade_number,
    month_span,
    months_apart,
    other_colour,
    uppdrag_key,
    year,
    year_part,
)
from bot.core.snapshot import Snapshot
from bot.domain import fmt
from bot.domain.plan import MONTHS
from bot.domain.text import fold
from handlers import (
    aktiviteter,
    arshjul,
    budget,
    conversation,
    frames,
    help,
    indikator,
    jamforelse,
    kallor,
    kolada,
    lage,
    malomrade,
    maluppfyllelse,
    measurements,
    questions,
    rapport,
    roles,
    subscriptions,
    texts,
    updates,
    uppdrag,
)

# the families in the order `hjälp` and the README list their commands
FAMILIES = (help, lage, uppdrag, indikator, malomrade, budget, jamforelse, maluppfyllelse, arshjul,
            texts, kallor, subscriptions, updates, roles, measurements, aktiviteter, rapport, kolada)
order_registry([m.__name__ for m in FAMILIES])

Matcher = Callable[[str, Snapshot, dt.date], Command | None]

MATCHERS: tuple[Matcher, ...] = (
    questions.exact_uppdrag,  # "status uppdrag 3.2", "3.2?": the commonest, by its exact form
    questions.match_hypothetical,  # "vad händer om det inte blir klart?": no plan says
    questions.match_bot_opinion,  # "vad tycker du om budgeten?": the bot has no opinion
    questions.match_support,  # "intranätet funkar inte", "min son behöver skolskjuts": an errand
    questions.match_afford,  # "har vi råd med investeringarna?": the plan's financial goals
    questions.match_list_and_owners,  # "vilka uppdrag … och vem äger dem?": the list, owned
    subscriptions.match_subscription,
    updates.match_undo,
    roles.match_list_owners,
    roles.match_list_admins,
    aktiviteter.match_aktivitet,  # "3.2.1", "uppdatera 3.2.1: …": an aktivitet, before "3.2"
    rapport.match_rapport,  # "rapport delår 2026": the Word report
    updates.match_history,
    updates.match_update,
    roles.match_owner,
    measurements.match_indicator_owner,
    roles.match_admin,
    measurements.match_withdraw,
    measurements.match_value,
    help.match_how_to,  # "hur uppdaterar jag ett uppdrag?": the help (not the asker's list)
    kolada.match_kolada,  # "hur rankas vi i företagsklimat?": explicit ranking words only
    uppdrag.match_manader,  # "vilken månad ska flest uppdrag redovisas?": month by month
    frames.match_result_row,  # "personalkostnader 2023 och 2024": the Driftresultat's rows
    frames.match,  # comparisons, filters, goals met, totals and counts (issue 14)
    frames.match_report_group,  # "hur mycket sjukfrånvaro har AME?": the report's own group
    frames.match_section,  # "finansförvaltningens nettokostnad 2028": another section's tables
    frames.match_area,  # "vad kostar politiken?": a group of the verksamhetsindelning
    frames.match_uppdrag_by_text,  # "vilka uppdrag ska redovisas i samtliga nämnder?"
    frames.match_uppdrag_topic,  # "vilka uppdrag handlar om investeringar?": by their texts
    texts.match_text_question,  # "vad säger planen om …", "vad är en indikator", figures in the text
    lage.match_lage,  # "hur går det?", "läget?": the state of the plan (a follow-up reads it first)
    kallor.match_kallor,  # "varifrån kommer datan?": the documents and measurements held
    kolada.match_named_goal,  # "vad är målet för vård och omsorg?": a strategic goal by its words
    aktiviteter.match_aktivitet_named,  # "hur går det med investerardialogerna?": by its title
    aktiviteter.match_aktivitet_asked,  # "vem uppdaterade 3.2.1?": a question naming its key
    questions.parse,  # every other message: a question, or Unknown; never None
)

__all__ = ["FAMILIES", "MATCHERS", "Matcher", "aktiviteter", "arshjul", "budget", "conversation",
           "follow_up", "frames", "help", "indikator", "is_subject", "jamforelse", "kallor", "kolada",
           "lage",
           "malomrade", "maluppfyllelse", "measurements", "questions", "rapport", "roles",
           "subject_of", "subscriptions", "texts", "updates", "uppdrag"]

follow_up = conversation.follow_up  # a follow-up read against the conversation's subject
is_subject = conversation.is_subject
subject_of = conversation.subject_of  # what a follow-up of an answer is read against


# a share asked: "hur stor andel av uppdragen …", "hur stor del av …", "hur många procent av …"
_SHARE = re.compile(r"\b(?:(?:hur\s+stor|vilken)\s+andel|andel(?:en)?\s+av|hur\s+stor\s+del|"
                    r"hur\s+m[aå]nga\s+procent|vilken\s+procent|procent(?:uellt)?\s+av|"
                    r"share\s+of|what\s+percentage)\b", re.IGNORECASE)


# the report's goals asked: "vilka mål …", "måluppfyllelse …", "nåddes", "uppfylldes"
_MET_SAID = re.compile(r"\b(?:n[aå]dde?s?|uppn[aå]dde?s?|uppfyll(?:de|des|des|t|da|s)|klarade?s?|"
                       r"klarat|missade?s?|lyckades)\b", re.IGNORECASE)
_REPORT_GOALS = re.compile(r"\b(?:m[aå]l(?:en|et)?|m[aå]luppfyllelse\w*)\b|" + _MET_SAID.pattern,
                           re.IGNORECASE)


# a year asked for: "vilket år …", "vilka år …", "which year …"
_WHICH_YEAR = re.compile(r"\b(?:vilket|vilka)\s+[aå]r(?:et)?\b|\bwhich\s+year\b", re.IGNORECASE)


# what something came to, in the past: "vilket projekt blev dyrast?"
_PAST_COST = re.compile(r"\b(?:blev|var|hamnade|landade|slutade)\b", re.IGNORECASE)
# which municipality ranks first asked: "vilken kommun har bäst …" (not "vilka kommuner ingår
# i Sydnärke?", which the text answers)
_WHICH_KOMMUN = re.compile(r"^\W*(?:och\s+|men\s+)?(?:vilken|vilka|which)\s+(?:kommun|kommuner|"
                           r"municipality|municipalities)\b(?=.*\b(?:b[aä]st|s[aä]mst|h[oö]gst|"
                           r"l[aä]gst|mest|flest|st[oö]rst|minst|best|worst)\b)", re.IGNORECASE)
# which nämnd (of several) asked of the budget or a ranking: "vilken nämnd har störst
# underskott?", "vilka nämnder gick back?" (not "vilken nämnd ansvarar för …")
_WHICH_NAMND = re.compile(r"^\W*(?:och\s+|men\s+)?(?:vilken|vilka|which)\s+n[aä]mnd(?:er|erna)?\b"
                          r"(?!\s+ska|\s+redovisa)(?=.*\b(?:underskott\w*|[oö]verskott\w*|budget\w*|"
                          r"back|plus|minus|avvikelse\w*|kostar|kostade|st[oö]rst|mest|b[aä]st|"
                          r"s[aä]mst)\b)", re.IGNORECASE)


MAX_QUESTION = 1_000  # a question is a line or two: the fuzzy reading of pages is slow and unsure


# what a long message says before its question: "… och undrar bara hur …", "behöver
# egentligen bara en siffra, hur …", "behöver jag veta hur …"; the question is what follows
_PREAMBLE = re.compile(
    r"\b(?:undrar|undrade|funderar)(?:\s+(?:bara|egentligen|just|nu|pa|på))*\s+(?=\w)"
    r"|\bbeh[oö]ver\s+(?:jag\s+|vi\s+|du\s+)?(?:(?:egentligen|bara|nog|snabbt)\s+)*"
    r"(?:f[aå]\s+)?(?:veta|en\s+siffra|ett\s+svar)\b[\s,:;.!-]*"
    r"|\bvill\s+(?:jag\s+|vi\s+)?(?:(?:bara|egentligen|g[aä]rna)\s+)*(?:f[aå]\s+)?veta\b[\s,:;.!-]*"
    r"|\b(?:en\s+siffra|kort\s+fr[aå]ga|snabb\s+fr[aå]ga|fr[aå]gan\s+[aä]r)\b[\s,:;.!-]*",
    re.IGNORECASE)
_LONG = 10  # words: a message this long may carry a preamble before its question
# who asks, said before the question: "jag är ny som skolchef, vilka uppdrag …", "hej! jag
# jobbar som rektor. när ska …", "har precis börjat som verksamhetschef – vad …": one clause
# ended by a comma, stop or dash, then the question
_INTRO = re.compile(
    r"^\W*(?:(?:hej|hejsan|hallå|halla|tja|tjena|hello|hi)\W+)?(?:jag\s+(?:är|ar|e|jobbar|"
    r"arbetar)|(?:jag\s+)?har\s+(?:precis\s+|just\s+|nyss\s+)?(?:börjat|borjat|tagit\s+över|"
    r"tagit\s+over|blivit))\s+[^,.:;!?]{2,60}?(?:[,.:;!]|\s[-–])\s*(?=\w)",
    re.IGNORECASE)
# a figure checked: "stämmer det att NKI låg på 82 i fjol?", "är det sant att …", "is it true
# that …": the claim is the question (its figure shown, which says whether it holds)
_CHECK = re.compile(r"^\W*(?:(?:men|och|ok|okej)\W+)?(?:st[aä]mmer\s+det\s+(?:verkligen\s+)?att|"
                    r"[aä]r\s+det\s+(?:verkligen\s+)?(?:sant|riktigt|korrekt|r[aä]tt)\s+att|"
                    r"is\s+it\s+true\s+that)\s+(?=\w)", re.IGNORECASE)
# who is asked: "vem ansvarar för …", "vem är ansvarig för …", "who is responsible for …"
_WHO = re.compile(r"^\s*(?:vem|vilka|who)\s+(?:är\s+|ar\s+|e\s+|is\s+)?(?:ansvarig\w*|ansvarar|"
                  r"äger|ager|bestämmer|bestammer|responsible|owns|godkänner|godkanner|"
                  r"beslutar|beslutade|approves)(?:\s+(?:för|for|om|över|over))?\b",
                  re.IGNORECASE)
# when it is decided: "när beslutar KF om budget 2027?", "när fastställs budgeten?"
_WHEN_DECIDED = re.compile(r"^\s*(?:när|nar|when)\s+(?:\w+\s+)?(?:beslutar|beslutas|beslutade|"
                           r"fastställs|faststalls|fastställer|faststaller|antas|antar|"
                           r"klubbas|godkänns|godkanns|godkänner|godkanner|is\s+\w+\s+decided|"
                           r"decides)\b", re.IGNORECASE)


def parse(text: str, snap: Snapshot, today: dt.date) -> Command:
    """The command a message means: the first matcher's. Pure. A message longer than
    MAX_QUESTION that no command's own form took is refused, not read as a question. A long
    message nothing understood whole is read again from its question on ("Jag går igenom
    verksamhetsberättelsen och undrar bara hur stort underskottet blev 2024")."""
    cmd = _parse(text, snap, today)
    if isinstance(cmd, indikator.IndikatorList) and cmd.colour is not None and \
            not cmd.not_colour and cmd.also is None and \
            (second := other_colour(analyse(text, snap), cmd.colour)) is not None:
        # "vilka indikatorer är gröna och vilka är röda?": both colours (it was the red alone)
        cmd = replace(cmd, also=second)
    if isinstance(cmd, help.Unknown | maluppfyllelse.MaluppfyllelseView) and \
            snap.maluppfyllelse and not getattr(cmd, "area", None) and \
            (area := maluppfyllelse.area_named(text, snap.maluppfyllelse)) is not None and \
            _REPORT_GOALS.search(text):
        # "vilka mål om god ekonomisk hushållning nåddes inte 2024?": the rows of the report's
        # målområde named by its name (it was "Det finns inte i planen")
        said = analyse(text, snap)
        met = bool(_MET_SAID.search(text))
        cmd = maluppfyllelse.MaluppfyllelseView(
            year=year(said, today), area=area,
            colour=("röd" if said.phrase("inte", "ej") else "grön") if met else None)
    if isinstance(cmd, maluppfyllelse.MaluppfyllelseView) and cmd.rank is None and \
            cmd.measure is None and (ranked := maluppfyllelse.asked_rank(analyse(text, snap))):
        # "vilket mål gick sämst 2024?", "vilket målområde har bäst måluppfyllelse?": the rows
        # (or the report's målområden) ranked, the one asked named first
        cmd = replace(cmd, rank=ranked[0], by_area=ranked[1],
                      colour=None if ranked[1] else cmd.colour)
    if isinstance(cmd, uppdrag.UppdragList | indikator.IndikatorList) and _SHARE.search(text):
        # "hur stor andel av uppdragen är klara?": the list, its share of all first (it was
        # the list alone, no share of the 23)
        cmd = replace(cmd, share=True)
    if isinstance(cmd, budget.BudgetOverview) and cmd.section is None and \
            (said := analyse(text, snap)).has("malomrade", "uppdrag") and \
            not said.has("investering") and uppdrag_key(said) is None:
        # "vilket målområde har störst budget?", "… kostar mest?", "vilket uppdrag har störst
        # budget?": the budget is per verksamhet, not per målområde or uppdrag (it was
        # Gymnasieskola's line as if a målområde, or the whole budget 2026)
        number = malomrade_number(said)
        return help.Unknown(text=text, kind="kostnad", unsure=True,
                            about=("målområdena" if number is None else f"målområde {number}")
                            if said.has("malomrade") else "uppdragen")
    if _WHICH_KOMMUN.search(text):
        # "vilken kommun har bäst företagsklimat?": other municipalities are in no plan here
        # (it was målområde 2's card); their ranking is Kolada's ("hur rankas vi …")
        return help.Unknown(text=text, kind="kommun", unsure=True)
    if _WHICH_NAMND.search(text) and not isinstance(cmd, uppdrag.UppdragList | uppdrag.UppdragCard):
        # "vilken nämnd har störst underskott?", "vilka nämnder gick back 2024?": the plan is
        # one nämnd's (it was passages, or line 10 Nämnder/Styrelser as if it were the boards)
        return help.Unknown(text=text, kind="nämnd", unsure=True)
    if isinstance(cmd, budget.BudgetOverview) and cmd.kind == "investering" and cmd.largest \
            and cmd.year is None and _PAST_COST.search(text) and \
            not re.search(r"budget|plan", text, re.IGNORECASE) and \
            (done := budget.outcome_years(snap, "investering")):
        # "vilket projekt blev dyrast totalt?": what it came to, the last year reported (as
        # "vilket projekt kostade mest?"), not the plan's budget (it was budget 2026's)
        cmd = replace(cmd, year=max(done), focus="avvikelse", outcome=True, largest=False)
    if isinstance(cmd, budget.BudgetOverview) and cmd.focus == "avvikelse" and \
            cmd.year is None and _WHICH_YEAR.search(text):
        # "vilket år hade störst underskott?": the years' deviations, not one line of the
        # last year (it was Gymnasieskola's as if it were a year)
        return budget.BudgetOverview(focus="avvikelse", kind=cmd.kind, by_year=True)
    if isinstance(cmd, budget.BudgetOverview):
        # "vilken verksamhet hade störst underskott 2024?": that one first, then the lines
        cmd = budget.asked_one(cmd, analyse(text, snap))
    if isinstance(cmd, budget.BudgetOverview | budget.BudgetVerksamhet | budget.Investering |
                  budget.InvesteringGrupp | texts.NyckeltalView) and _WHO.search(text):
        # "vem ansvarar för budgeten?", "vem godkänner ombudgeteringen?": the budget names no
        # one; say so (with the text that may), not its figures as if they answered
        return help.Unknown(text=text, about=f"vem som ansvarar för {_WHO.sub('', text).strip(' ?!.')}",
                            unsure=True)
    if isinstance(cmd, budget.BudgetOverview | budget.BudgetVerksamhet | budget.Investering |
                  budget.InvesteringGrupp | texts.NyckeltalView) and _WHEN_DECIDED.search(text):
        # "när beslutar KF om budget 2027?": no decision dates in the budget (not its figures)
        return help.Unknown(text=text, about=f"ett beslutsdatum ({_WHEN_DECIDED.sub('', text).strip(' ?!.')})",
                            unsure=True)
    if isinstance(cmd, budget.BudgetOverview | budget.BudgetVerksamhet | budget.BudgetRad |
                  budget.Investering | budget.InvesteringGrupp) and \
            (span := _period(analyse(text, snap))):
        # "utfall skolskjutsar oktober 2024", "budget gymnasieskola Q3": the budget and its
        # outcome are by whole year; say so (it was the year's figure as if the month's)
        return help.Unknown(text=text, kind="period", about=span)
    if isinstance(cmd, help.Unknown) and (check := _CHECK.match(text)) and \
            len(claim := text[check.end():].split()) >= 2:
        again = _parse(" ".join(claim), snap, today)
        if not isinstance(again, help.Unknown):
            return again
    if isinstance(cmd, help.Unknown) and (intro := _INTRO.match(text)) and \
            len(asked := text[intro.end():].split()) >= 2:
        again = _parse(" ".join(asked), snap, today)
        if not isinstance(again, help.Unknown):
            return again
    if isinstance(cmd, help.Unknown) and len(text.split()) >= _LONG and len(text) <= MAX_QUESTION:
        starts = [m.end() for m in _PREAMBLE.finditer(text)]
        tail = text[starts[-1]:].strip() if starts else ""
        if len(tail.split()) >= 2:
            again = _parse(tail, snap, today)
            if not isinstance(again, help.Unknown):
                return again
    return cmd


# a week or a day of the budget: "budgeten vecka 12" (not line 12 Revision), "per dag"
_WEEK_OR_DAY = re.compile(r"\b(?:vecka|veckan|v\.)\s*(\d{1,2})\b|\bper\s+(dag|vecka|månad|manad)\b",
                          re.IGNORECASE)


def _period(q: Query) -> str | None:
    """The part of a year a question names, as it names it ("oktober", "kvartal 3", "vecka
    12", "dag"), or None."""
    if (week := _WEEK_OR_DAY.search(q.raw)) is not None:
        return f"vecka {week.group(1)}" if week.group(1) else \
            f"en {fold(week.group(2)).replace('manad', 'månad')}"
    if (part := year_part(q)) is not None:
        return part[2]
    if (span := month_span(q)) is not None:
        return "–".join(dict.fromkeys(MONTHS[m - 1] for m in span))
    if months := months_apart(q):
        return " och ".join(MONTHS[m - 1] for m in months)
    return None


def _parse(text: str, snap: Snapshot, today: dt.date) -> Command:
    for match in MATCHERS:
        if match is kolada.match_kolada and len(text) > MAX_QUESTION:
            continue  # a ranking question is a question: not read in pages of text
        if match is questions.parse and len(text) > MAX_QUESTION:
            raise UserError(
                f"Det är för långt för en fråga ({fmt.number(len(text))} tecken; högst "
                f"{fmt.number(MAX_QUESTION)}). Ställ frågan kortare. En uppdatering får vara "
                "längre: \"uppdatera 3.2: …\".")
        cmd = match(text, snap, today)
        if cmd is not None:
            return cmd
    raise AssertionError("questions.parse answers every message")  # pragma: no cover
