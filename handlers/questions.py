"""The read-only questions' matcher: a message's analysis (bot.core.parse) turned into
a command by ordered rules. Moved here as it was (from bot/parse.py); the redesign of
matching (issue 14: frames, conversation) replaces it with a matcher per handler.

The rules, in order:

1. nothing, or "hjälp" → Help
2. an uppdrag key → UppdragCard
3. måluppfyllelse → MaluppfyllelseView
4. årshjul / "vad händer i april" / "när är delårsrapporten" → ArshjulView
5. investering words → Investering or the investment budget
6. budget / avvikelse words → BudgetVerksamhet, Investering or BudgetOverview
7. uppdrag lists: without owner, late, silent, due in a period, per status / målområde, all
8. "målområde 3" → MalomradeView (or its indicators / uppdrag)
9. indicator lists, the list of målområden
10. the best vocabulary match → its card
11. nothing matched → Unknown (answered with "Menade du …")
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from itertools import pairwise
from typing import Any, Literal

from bot.core.commands import ME, Command
from bot.core.matching import STOPWORDS, Match, also_matching, content_words, prefer_named
from bot.core.mentions import PERSON_TOKEN
from bot.core.parse import (
    _SMALL_TALK,
    BEST,
    LARGEST,
    SMALLEST,
    THAN_LAST_YEAR,
    TREND,
    WORST,
    Focus,
    Query,
    _days_in,
    analyse,
    card_part,
    colour,
    colour_negated,
    malomrade_number,
    month,
    month_span,
    months_apart,
    off_target,
    period,
    status,
    uppdrag_key,
    uppdrag_keys,
    year,
    year_part,
    year_span,
)
from bot.core.snapshot import Snapshot
from bot.core.trust import (
    AT_WORK,
    COST_WORDS,
    MEET_VERBS,
    PROJECT_FIGURES,
    STAFF,
    analysis_only,
    asks_cost,
    asks_insatser,
    counts_people,
    distinctive,
    hypothetical,
    kind_of_work,
    named_in_full,
    namesake_projects,
    opinion_not_survey,
    other_municipality,
    unexplained,
    unnamed_project,
    weak,
    whole_compound,
    wrong_unit,
)
from bot.domain.plan import MONTHS, Status, key_order
from bot.domain.text import asks_when, fold, stem
from handlers.aktiviteter import NEWS_ASKED, asks_latest_update
from handlers.arshjul import ArshjulView
from handlers.budget import (
    TOTAL_WORDS,
    BudgetOverview,
    BudgetVerksamhet,
    Investering,
    outcome_years,
    project_asks,
)
from handlers.help import Help, Unknown
from handlers.indikator import IndikatorCard, IndikatorList
from handlers.jamforelse import DEVELOPED, BudgetCompare, development
from handlers.malomrade import MalomradeList, MalomradeView
from handlers.maluppfyllelse import MaluppfyllelseView
from handlers.uppdrag import UppdragCard, UppdragList

# --- the rules ------------------------------------------------------------------------

_HELP_PHRASES = ("vad kan du", "vad kan jag fraga", "hur funkar", "hur fungerar", "vad gor du",
                 "hur anvander", "vad kan man fraga", "vilka kommandon", "vad kan man skriva",
                 "vad kan jag skriva", "vad kan man gora", "vad vet du", "vem ar du")
ARSHJUL_PHRASES = ("vad hander", "vad sker", "vad ska handa", "vad handlar", "vad star pa")
_WHEN = re.compile(r"\bnar\s+(?:ar|kommer|blir|sker|ska|har|infaller|ligger|brukar|gors|tas|"
                   r"beslutas|beslutar|fattas|behandlas|gar|planeras|kommer)\b")

# intent class -> the vocabulary kind it favours
_KIND_BOOST = {"indikator": "indikator", "uppdrag": "uppdrag", "malomrade": "malomrade",
               "goal": "malomrade", "arshjul": "arshjul"}
# words that say a thing is measured: what is asked is a figure
_MEASURED = frozenset({"mats", "mattes", "matas", "mater", "matvarde", "matvardet", "matningen",
                       "matningar", "matningarna", "measured"})


# A message that is an uppdrag's key and nothing more ("status uppdrag 3.2", "uppdrag 3,2",
# "3.2?"): the commonest question, recognised by its exact form without the analysis below.
_EXACT_UPPDRAG = re.compile(
    r"(?:(?:status|lage|laget)\s+(?:for\s+|pa\s+)?)?(?:uppdrag(?:et)?\s+)?(\d{1,2})[.,](\d{1,2})[?.!]?")


def match_hypothetical(text: str, snap: Snapshot, today: dt.date | None = None) -> Unknown | None:
    """"vad händer om det inte blir klart?", "vad händer om vi går över budget?": what would
    follow, which no plan holds; said so (not the årshjul, a status, or the late list)."""
    rest = hypothetical(text)
    if rest is None:
        return None
    typed = text.strip().rstrip("?!. ").split()
    condition = " ".join(typed[-len(rest.split()):])  # as typed, with its å, ä, ö
    return Unknown(text=text, kind="hypotes", about=condition, unsure=True)


# whether something can be afforded: "har vi råd med investeringarna?", "har kommunen råd?",
# "klarar vi att betala dem själva?", "can we afford it?". The plan does not judge it; its
# financial goals are what it says (not uppdrag 5.5 by the "råd" of "riktlinjer, råd och verktyg")
_AFFORD = re.compile(
    r"\bha(?:r|de|ft)?\s+(?:vi|kommunen|ni|man|ks|kommunstyrelsen|n[aä]mnden|askersund|askersunds\s+kommun)\s+(?:(?:verkligen|"
    r"inte|fortfarande|ens)\s+)?r[aå]d\b(?:\s+(?P<what>(?:med|att|till|f[oö]r)\s+[^?!.]+))?"
    r"|\b(?:klarar|kan)\s+(?:vi|kommunen|ni)\s+(?:att\s+)?(?P<pay>betala|finansiera)\b[^?!.]*\bsj[aä]lva\b"
    r"|\b(?:can|could)\s+we\s+afford\b(?:\s+(?P<eng>[^?!.]+))?", re.IGNORECASE)


def match_afford(text: str, snap: Snapshot, today: dt.date | None = None) -> Unknown | None:
    """"har vi råd med investeringarna?": whether it is affordable, which no plan says; the
    financial goals are offered (help.answer_unknown, kind "råd")."""
    m = _AFFORD.search(text)
    if m is None:
        return None
    what = m.group("what") or (f"med {m.group('eng')}" if m.group("eng") else "") or \
        ("med investeringarna" if m.group("pay") else "")
    return Unknown(text=text, kind="råd", about=what, unsure=True)


# the bot's own opinion asked ("vad tycker du om budgeten?", "tycker du att 3.2 går bra?",
# "what do you think of …"): it has none; what the plan says of the subject is offered (not
# the budget overview as if that were an opinion). Others' opinions ("vad tycker
# företagarna …") are the surveys' figures and are not taken here.
_BOT_OPINION = re.compile(
    r"\b(?:tycker|tyckte|anser|tror|gillar)\s+(?:du|ni)\b(?:\s+(?:om|att|det|inte))*\s*(?P<rest>[^?!.]*)"
    r"|\b(?:din|er)\s+(?:asikt|bedomning|uppfattning)\b(?:\s+om)?\s*(?P<rest2>[^?!.]*)"
    r"|\b(?:what\s+do\s+you\s+think|do\s+you\s+(?:think|like)|your\s+opinion)\b"
    r"(?:\s+(?:of|about|on|that))?\s*(?P<eng>[^?!.]*)")


# what others think asked: "vad tycker oppositionen om …", "vad anser majoriteten", "vad
# säger socialdemokraterna om …" (the plan holds decisions, not opinions; what företagarna,
# invånarna or the staff think is in the surveys, and what politikerna commit to is in
# Handslaget's text, so not these)
_OTHERS_OPINION = re.compile(
    r"\bvad\s+(?:tycker|anser|tyckte|ansag|tror)\s+((?:oppositionen|majoriteten|"
    r"socialdemokraterna|moderaterna|sverigedemokraterna|centerpartiet|liberalerna|"
    r"kristdemokraterna|vansterpartiet|miljopartiet)\b)")


def match_bot_opinion(text: str, snap: Snapshot, today: dt.date | None = None) -> Unknown | None:
    """"vad tycker du om budgeten?": the bot's opinion, which it has none of; said so, and
    what the plan holds of the subject offered (help.answer_unknown, kind "åsikt")."""
    folded = fold(text)
    if (others := _OTHERS_OPINION.search(folded)) is not None:
        # "vad tycker oppositionen om budgeten?": no plan says what others think (it was
        # passages on the näringslivsråd's members)
        return Unknown(text=text, kind="åsikt", about=f"vad {others.group(1)} tycker",
                       unsure=True)
    m = _BOT_OPINION.search(folded)
    if m is None:
        return None
    group = next((g for g in ("rest", "rest2", "eng") if m.group(g)), None)
    if group is None:
        return Unknown(text=text, kind="åsikt", unsure=True)
    start = m.start(group)
    rest = m.group(group)
    # the subject, not the judgement of it: "budgeten" of "… att budgeten är bra"
    rest = re.split(r"\s+(?:ar|e|var|blir|blev|gar|gick|kommer|is|was)\b", rest)[0]
    if (article := re.match(r"(?:the|a|an)\s+", rest)) is not None:
        start, rest = start + article.end(), rest[article.end():]
    # the subject as typed (with its å, ä, ö): the same words of the message
    first, n = len(folded[:start].split()), len(rest.split())
    about = " ".join(text.split()[first:first + n]).rstrip("?!.") or None
    return Unknown(text=text, kind="åsikt", about=about, unsure=True)


# a support matter, not a question of the plan: something that does not work ("intranätet
# funkar inte", "jag kommer inte in", "skrivaren är trasig", a password, logging in), or a
# resident's own errand ("min son behöver skolskjuts", "hur bokar jag färdtjänst?", "vem
# ringer jag?"). A word it shares with a budget line or a project ("Kommunens intranät",
# "44 Skolskjutsar") does not make that card the answer.
_BROKEN = re.compile(r"\b(?:funkar|fungerar|startar|laddar)\s+(?:inte|ej)\b"
                     r"|\binte\s+(?:funkar|fungerar)\b")
_SUPPORT = re.compile(
    r"\b(?:ligger|ar|e)\s+nere\b|\bkommer\s+(?:jag\s+|man\s+)?inte\s+in\b"
    r"|\b(?:kan|kunde)\s+(?:jag\s+|man\s+)?inte\s+(?:logga|komma)\s+in\b|\blogga\s+(?:in|ut)\b"
    r"|\b(?:losenord|losenordet|inloggning|inloggningen|wifi|wi-fi|felanmal\w*)\b"
    r"|\btrasig[at]?\b|\bsonder\b|\bdoesn\W?t\s+work\b|\bis\s+down\b|\bpassword\b"
    r"|\b(?:min|mitt|mina)\s+(?:son|dotter|barn|mamma|pappa|mor|far|man|fru|make|maka|sambo|granne|bil|hus)\b"
    r"|\bhur\s+(?:bokar|soker|ansoker|bestaller|anmaler|overklagar|kontaktar|betalar)\s+(?:jag|man|vi)\b"
    r"|\bkan\s+(?:jag|man)\s+(?:soka|boka|ansoka|bestalla|anmala|overklaga)\b"
    r"|\b(?:vart|var)\s+vander\s+(?:jag|man)\b|\bvem\s+ringer\s+(?:jag|man)\b")


def match_support(text: str, snap: Snapshot, today: dt.date | None = None) -> Unknown | None:
    """"intranätet funkar inte", "min son behöver skolskjuts": a support matter or an
    errand, which the plan does not handle; said so, the plan's namesake offered
    (help.answer_unknown, kind "ärende")."""
    if len(text) > 160 or re.search(r"\b\d+\.\d+\b", text):
        return None  # "3.2 funkar inte som tänkt": an uppdrag asked of
    folded = fold(text)
    if _SUPPORT.search(folded) is None and (
            _BROKEN.search(folded) is None or
            # "varför fungerar inte styrmodellen?", "vad funkar inte i budgeten?": a question
            # of the plan's own things, not a thing broken
            re.match(r"\s*(?:varfor|vad|vilk\w*|hur|why|what)\b", folded)):
        return None
    return Unknown(text=text, kind="ärende", about=text.strip().rstrip("?!. "), unsure=True)


def exact_uppdrag(text: str, snap: Snapshot, today: dt.date | None = None) -> UppdragCard | None:
    """The uppdrag card a message asks for in its exact form, or None (then `parse` decides).
    Gives the command `parse` would give; tests/test_corpus.py checks that."""
    m = _EXACT_UPPDRAG.fullmatch(fold(text).strip())
    if m is None:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    if a == 0 or b == 0:
        return None
    return UppdragCard(key=snap.qualify(f"{a}.{b}", ()))


def without_users(q: Query, text: str) -> Query:
    """The message's analysis without the user IDs it names among its words (a user ID is
    not a word to match): a new Query, the analysis itself is shared (parse.analyse)."""
    if not _USER.search(text):
        return q
    return replace(q, core=[w for w in q.core if not re.fullmatch(r"[uw][0-9a-z]{6,}", w)],
                   content=[w for w in q.content if not re.fullmatch(r"[uw][0-9a-z]{6,}", w)])


def is_help(q: Query, text: str) -> bool:
    """Whether a message asks for help (or says nothing): what `parse` answers with Help.
    The user IDs in the message are no words of it (without_users)."""
    if not q.words:
        return True
    q = without_users(q, text)
    if q.has("help") and _ASKS_AFTER_HELP.search(q.text) and (
            q.core or uppdrag_key(q) or set(q.classes) - _NOT_ASKED):
        return False  # "hjälp, vad är sjukfrånvaron nu?": a cry, then the question
    return bool((q.has("help") and len(q.core) <= 1) or (q.phrase(*_HELP_PHRASES) and not q.core))


# the classes that ask nothing of their own after "hjälp, vad …"
_NOT_ASKED = frozenset({"help", "list", "noise", "social", "time", "mine"})
# a question word after "hjälp": the question is what follows
_ASKS_AFTER_HELP = re.compile(r"\b(?:hjalp|help)\b\W+(?:\w+\W+)?(?:vad|hur|vem|vilka|vilken|"
                              r"nar|varfor|what|how|who|when)\b")


_MEETINGS = frozenset({"mote", "moten", "motena", "sammantrade", "sammantraden", "sammantrader",
                       "sammantradet", "meetings", "meeting"})


# a list asked with its owners in a second clause: "vilka uppdrag har deadline i december
# och vem äger dem?", "… och vilka är ansvariga?"
_AND_OWNERS = re.compile(
    r"^(?P<list>.+?)\s*,?\s+(?:och|samt|and)\s+(?:vem|vilka|who)\s+(?:som\s+)?"
    r"(?:ager|agde|har|ansvarar(?:\s+for)?|ar\s+ansvarig[a]?|ar\s+agare|owns?|is\s+responsible)"
    r"(?:\s+(?:dem|dom|de|them|for\s+dem|for\s+dom))?\s*[?!.]*$")


def match_list_and_owners(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """"vilka uppdrag har deadline i december och vem äger dem?": the list the first clause
    asks, with each one's owners (the second clause alone is "which uppdrag?")."""
    m = _AND_OWNERS.match(fold(text).strip())
    if m is None:
        return None
    from handlers import parse as parse_all

    first = text[: len(m.group("list"))]  # fold keeps the length: the words as typed
    cmd = parse_all(first, snap, today)
    if isinstance(cmd, UppdragList):
        return replace(cmd, with_owners=True, by_owner=False)
    return None
_DECIMAL_KEY = re.compile(r"(?<![\d.,])\d{1,2},\d{1,2}(?![\d.,])")


def _a_value(q: Query, key: str, snap: Snapshot) -> bool:
    """The number read as an uppdrag key is a value of the indicator the message names
    ("arbetslösheten är 4,4?", "stämmer det att sjukfrånvaron var 7,95?"): a decimal
    comma, or no such uppdrag, with no uppdrag word and an indicator strongly named."""
    if q.has("uppdrag") or not (_DECIMAL_KEY.search(q.text) or key not in snap.uppdrag_by_key):
        return False
    return any(h.coverage >= 0.5 and weak(h, q, snap.index) is None
               for h in snap.index.search(q.core, kinds={"indikator"}, limit=1))


def parse(text: str, snap: Snapshot, today: dt.date) -> Command:
    """Turn a message into a command; never raises."""
    q = without_users(analyse(text, snap), text)
    if is_help(q, text):
        return Help()
    if other_municipality(text, (snap.org or {}).get("name")) is not None:
        return Unknown(text=text, about=q.about)  # "hur många bor i Laxå kommun?": not ours
    y = year(q, today)
    if q.phrase("vem", "vilka", "who") and set(q.words) & _DECIDED:
        # "vem har beslutat om handslaget?": who decided is not who is responsible (the plan
        # does not say who decided what; the thing is offered)
        asked = re.sub(r"^\W*(?:vem|vilka|who)\s+(?:har\s+|hade\s+|has\s+)?", "", text,
                       flags=re.IGNORECASE).strip(" ?!.")
        return Unknown(text=text, about=f"vem som {asked}", unsure=True)
    if set(q.words) & _VOTED:
        # "vem röstade emot handslaget?", "hur röstade KS?": the plan holds no votes (not the
        # uppdrag's owner, nor its card)
        voted = re.sub(r"^\W*(?:vem|vilka|vilket\s+parti|vilka\s+partier|hur|who)\s+(?:som\s+)?"
                       r"(?:har\s+|hade\s+)?(?:röstade|rostade|röstat|rostat|röstar|rostar|reserverade|voted)"
                       r"(?:\s+(?:emot|mot|för|for|om|nej|ja|against))?\s+", "", text,
                       flags=re.IGNORECASE).strip(" ?!.")
        return Unknown(text=text, kind="röstning", about=voted if voted != text.strip(" ?!.")
                       else None, unsure=True)
    if (q.phrase("nar", "when", "vilket datum", "vilken dag", "vilket ar", "vilken manad")
            and set(q.words) & _DECIDED):
        # "vilket datum beslutade KF om handslaget?", "när antogs styrmodellen?": the date of a
        # decision, which the plan's tables do not hold (the text is searched; not a tidplan)
        return Unknown(text=text, about=q.about, unsure=True)
    key = uppdrag_key(q)
    if key is not None and _a_value(q, key, snap):
        key = None  # "är det sant att arbetslösheten är 4,4?": its value, not uppdrag 4.4
    if key is not None:
        key = snap.qualify(key, q.words)
    if key is None and q.has("social") and not q.core and set(q.classes) <= _SMALL_TALK and \
            not re.search(r"\b20\d\d\b", text) and not set(q.words) & {"gick", "gar", "blev"}:
        # "vad gick inte bra 2024?" is no greeting for its "bra"
        return Unknown(text=text, kind="social")
    if key and not q.has("investering", "budget", "avvikelse", "maluppfyllelse"):
        if len(keys := uppdrag_keys(q)) >= 2:
            # "status 3.2 och 4.3?", "vem äger 3.2 och 3.3?": each of them, not the first only
            asks = _asks(q)
            return UppdragList(keys=tuple(snap.qualify(k, q.words) for k in keys),
                               with_owners=asks in ("ansvarig", "ansvarig och tidplan"))
        if set(q.words) & _HOURS:
            # "hur många timmar har lagts på uppdrag 5.2?": the plan records no time spent
            # (not the card as if it answered)
            return Unknown(text=text, kind="tid", about=f"uppdrag {key}", unsure=True)
        return UppdragCard(key=key, asks=_asks(q))
    if key is None and (q.has("uppdrag") or _WHAT_HOLDS.search(q.text)) and \
            (title := _title(q, text)) is not None:
        # "vilka uppdrag har hr-chefen?": the plan names its owners as people, not by title
        return Unknown(text=text, kind="titel", about=title)
    if key and asks_cost(q) and not q.has("investering", "avvikelse"):
        # "vad kostar uppdrag 2.2?": the plan gives an uppdrag no amount (not Budget 2026)
        return Unknown(text=text, kind="kostnad", about=f"uppdrag {key}", unsure=True)
    other_years = [int(x) for x in re.findall(r"\b(20\d\d)\b", text)
                   if snap.plan_year and int(x) != snap.plan_year]
    if key is None and q.has("uppdrag") and other_years and \
            set(q.words) & (_COMPARE_ALONE | {"jamfort", "jamfor", "mot", "an"}) and not q.has(
                "budget", "investering", "avvikelse", "maluppfyllelse", "indikator"):
        y = other_years[0]
        # "hur många uppdrag hade ks 2025 jämfört med i år?": the plan held is one year's; the
        # other year's uppdrag are not in it (it was passages on "jämfört")
        return UppdragList(due_from=dt.date(y, 1, 1), due_to=dt.date(y, 12, 31), period=str(y),
                           body="KS" if q.has("ks") and q.phrase("till ks") else None)
    if key is None and q.has("uppdrag") and asks_cost(q) and not q.has(
            "investering", "avvikelse", "aktivitet") and not q.core and \
            set(q.classes.get("budget", ())) <= COST_WORDS | {"kostnader", "pengar"}:
        # "vad kostar varje uppdrag i snitt?", "kostnad per uppdrag?": the plan gives no
        # uppdrag an amount (it was the whole budget 2026 as if it answered, CW)
        return Unknown(text=text, kind="kostnad", about="uppdragen", unsure=True)
    if (q.phrase("hur manga", "hur ofta", "how many", "how often") and set(q.words) & _MEETINGS
            and not q.has("uppdrag") and not snap.arshjul):
        # "hur många möten har KS per år?": the plan has no meeting calendar (not the
        # uppdrag due at KS)
        return Unknown(text=text, about="hur många möten det är", unsure=True)

    # ("hur mycket har vi kvar av investeringsbudgeten?" too: an amount left, not which
    # projects remain)
    if (q.has("budget") or (q.has("investering") and q.phrase("hur mycket", "hur mkt", "how much"))) \
            and set(q.words) & _REMAINDER and not q.has("uppdrag") and (
                not q.has("investering") or q.phrase("hur mycket", "hur mkt", "how much")) \
            and (y is None or y >= (snap.plan_year or today.year)):  # (a past year has outcomes)
        # "hur mycket har vi kvar av budgeten i år?", "… har gymnasiet kvar …": the store has
        # no ledger (not the year's budget as if it were what is left)
        rest = [w for w in q.content if stem(fold(w)) not in _REMAINDER_STEMS]
        return Unknown(text=text, kind="kvar", about=" ".join(rest) or None, unsure=True)
    if (which := _which_area(q, snap)) is not None:
        return MalomradeView(number=which)  # "vilket målområde handlar om ekonomi?"
    if q.has("maluppfyllelse"):
        return MaluppfyllelseView(year=y, area=malomrade_number(q))

    boost = {kind: 0.5 for cls, kind in _KIND_BOOST.items() if q.has(cls)}
    if set(q.words) & _MEASURED or q.phrase("hur ofta"):
        boost["indikator"] = 0.5  # "hur ofta mäts företagsklimatet?": a figure, not målområde 2
    short = {w for w in q.words if len(w) == 4}  # "nyst företag": an abbreviation perhaps
    hits = snap.index.search(q.core, limit=8, boost=boost, short=short) if q.core else []
    hits = prefer_named(hits, [stem(w) for ws in q.classes.values() for w in ws])
    hits = _prefer_said_kind(hits, q)
    best = hits[0] if hits else None

    arshjul = _arshjul(q, snap, best)
    if arshjul is not None:
        return arshjul

    if q.phrase(*_NEAREST_BUDGET) and not q.has("uppdrag", "indikator"):
        # "vilken verksamhet låg närmast budget 2024?": the smallest deviation named (it was
        # "Jag hittar ingen verksamhet som matchar låg närmast")
        return BudgetOverview(year=y, focus="avvikelse", one="minst", nearest=True,
                              kind="investering" if q.has("investering") or any(
                                  w.startswith("projekt") for w in q.words) else "drift")
    if unnamed_project(q):
        return Unknown(text=text, kind="projekt", about="vilket")  # "vad kostade projektet?"
    if q.has("investering"):
        cmd = _investering(q, y, hits, snap)
        if cmd is not None:
            return cmd
    # "hur många uppdrag ska till KS totalt i år?", "hur många indikatorer finns totalt?": a
    # sum word alone is no budget question when the message is about the uppdrag or indicators
    # ("hur många är klara totalt?": a status counted is the uppdrag's too)
    # ("hur många strategiska mål / målområden finns det totalt?": the goals counted)
    summed = (q.has("uppdrag", "indikator", "goal", "malomrade") or q.phrase(
        "ska till", "till ks", "till kf") or (
        asks_done(q) or asks_late(q)) and q.phrase("hur manga", "antal", "how many")) and \
        not q.has("avvikelse") and all(
        w in _SUM_WORDS for w in q.classes.get("budget", []))
    if not snap.arshjul and (report := _report_asked(q, text)) is not None:
        # "när kommer årsredovisningen?": the plan gives no date for its reports (not the
        # uppdrag due the next 30 days; "när är bokslutet?" not the budget)
        return Unknown(text=text, kind="rapport", about=report, unsure=True)
    if (q.has("budget", "avvikelse") or (went_over(q) and y is not None)) and not summed:
        # "hur mycket gick vi över 2024?": how far over budget, with a year (it was the text's
        # passage of a "budget som inte täckte löneökningskostnaden")
        cmd = _budget(q, y, hits, snap)
        if cmd is not None:
            return cmd

    direction = _direction_asked(q)
    if direction is not None and q.has("indikator") and not q.has("uppdrag"):
        # "vilka indikatorer ska minska?", "… om arbetsställen har målet minska?": those whose
        # önskat läge is that direction (it was uppdrag 5.3's card, "minskad sjukfrånvaro")
        return IndikatorList(malomrade=malomrade_number(q), direction=direction,
                             named=_name_word(q, snap))
    named = _named_indicators(q, snap)
    if named is not None:
        # "vilka indikatorer handlar om personal?", "… rör sjukfrånvaro?": those whose names
        # hold the word (it was the first one's card, or the text's passages on personal)
        return IndikatorList(malomrade=malomrade_number(q), named=named)
    if q.has("indikator") and not q.has("uppdrag", "malomrade") and set(q.words) & WORST and \
            set(q.words) & {"vilken", "vilka", "which"} and not q.core:
        # "vilken indikator är sämst?": those off target, the red then the yellow (it was every
        # indicator); the plan gives no measure of how far off
        return IndikatorList(malomrade=malomrade_number(q), off_target=True)
    if q.has("indikator") and off_target(q) and not [w for w in q.core if w != "langst"] and \
            not q.has("uppdrag"):
        # "vilka indikatorer når inte målet?", "… ligger under målet?": the red and the yellow
        # (not those the plan gives no target)
        return IndikatorList(malomrade=malomrade_number(q), off_target=True)
    if q.has("uppdrag") and q.has("indikator") and not q.has("without") and q.words[:1] in (
            ("vilka",), ("vilket",), ("hur",), ("which",)) and q.phrase("har", "med", "have") \
            and not [w for w in q.core if w not in _LINKED] and not q.phrase("inte", "ej", "not") \
            and colour(q) is None and q.words.index(q.classes["uppdrag"][0]) < q.words.index(
                q.classes["indikator"][0]):
        # "vilka uppdrag har kopplade indikatorer?": those an indicator follows up (not a
        # text passage on the word "kopplade")
        return UppdragList(with_indicators=True)
    if q.has("without") and q.has("indikator") and not [
            w for w in q.core if w not in _LINKED and w not in _COLOUR_STEMS] \
            and colour(q) is None:  # "vilka indikatorer når inte målet?": the red ones
        # "vilka indikatorer saknar ansvarig / mål / utgångsläge?", "vilka uppdrag saknar
        # indikatorer?": the ones without, not every indicator or the uppdrag without owner
        if q.has("uppdrag") and q.words.index(q.classes["uppdrag"][0]) < q.words.index(
                q.classes["indikator"][0]):
            return UppdragList(no_indicators=True)
        what: Literal["mål", "utgångsläge", "ansvarig", "uppdrag", "färg"] | None = (
            "ansvarig" if q.has("owner") else "mål" if q.has("goal") else "utgångsläge"
            if any(w.startswith("utgangs") for w in q.words) else "uppdrag"
            if q.has("uppdrag") else "färg" if set(q.words) & {"farg", "fargen", "farger",
                                                                "colour", "color"} else None)
        if what is not None:
            return IndikatorList(missing=what, malomrade=malomrade_number(q))
    if q.has("uppdrag") and q.has("indikator") and not q.has("malomrade") and \
            set(q.words) & {"flest", "mest", "most"} and \
            set(q.core) <= {"flest", "mest", "most"} and snap.uppdrag_ind:
        # "vilket uppdrag har flest indikatorer?": each uppdrag by its linked indicators
        return UppdragList(by_indicators=True)
    if q.has("malomrade") and q.has("goal") and not q.has("uppdrag", "indikator",
                                                          "maluppfyllelse") and \
            set(q.words) & (_MOST_LEAST | _RANKED_BY) and malomrade_number(q) is None:
        # "vilket målområde har flest (strategiska) mål?": each area's strategic goals, the
        # most (or fewest) named (it was "Jag förstod inte riktigt")
        return MalomradeList(goals=True, most=not set(q.words) & {"minst", "farst"},
                             least=bool(set(q.words) & {"minst", "farst"}))
    if q.has("malomrade") and not q.has("uppdrag", "indikator", "maluppfyllelse") and \
            set(q.words) & {"mest", "flest"} and asks_late(q) and malomrade_number(q) is None:
        # "vilket målområde är mest försenat?": the areas ranked by their late uppdrag (it was
        # the late uppdrag, the longest late first)
        return MalomradeList(most=True, late=True)
    if q.has("uppdrag") and q.has("malomrade") and set(q.words) & (_MOST_LEAST | _RANKED_BY) and \
            not set(q.words) & {"vem", "vilka", "who"}:
        # "vilket målområde har flest uppdrag?": the most named first, each with its count;
        # "… flest försenade uppdrag?": ranked by the late (it was all the uppdrag, CW)
        due = period(q, today, snap.plan_year)
        if due is not None and (due[0].month, due[0].day, due[1].month, due[1].day) == (
                1, 1, 12, 31) and not q.has("deadline", "ks", "kf"):
            due = None  # "… flest uppdrag 2026?": the plan's year is all its uppdrag
        undated = q.has("without") and q.has("deadline")
        if due is None and q.has("ks", "kf") and snap.plan_year and not undated:
            # "… flest uppdrag som ska till KF?": those due to it in the plan's year (it was
            # all the uppdrag, a confident wrong answer)
            y0 = snap.plan_year
            due = (dt.date(y0, 1, 1), dt.date(y0, 12, 31), str(y0))
        if undated:
            due = None
        return MalomradeList(most=not set(q.words) & {"minst", "farst"},
                             least=bool(set(q.words) & {"minst", "farst"}), late=asks_late(q),
                             status=status(q), due_from=due[0] if due else None,
                             due_to=due[1] if due else None, period=due[2] if due else None,
                             body="KS" if q.has("ks") else "KF" if q.has("kf") else None,
                             no_owner=q.has("without") and q.has("owner"), undated=undated)
    if q.has("indikator") and q.has("malomrade") and not q.has("uppdrag") and (
            set(q.words) & ({"flest", "minst", "most", "farst", "inga"} | _RANKED_BY | BEST)
            or q.phrase(*_PER_AREA)) and malomrade_number(q) is None:
        # "vilket målområde har flest indikatorer?", "hur många röda indikatorer per
        # målområde?": each area's indicators counted; "minst", "inga": the fewest named (it
        # was the most, "Flest indikatorer: 3. Attraktion", a confident wrong answer)
        # ("bäst indikatorer": the green counted; "sämst": the yellow and red are too few)
        c = colour(q) or ("grön" if set(q.words) & BEST else None)
        return MalomradeList(indicators=True, colour=c, kf=_to_kf(q),
                             least=bool(set(q.words) & {"minst", "farst", "inga"}))
    if q.has("uppdrag") and (q.phrase(*_PER_STATUS) or (len(set(q.classes.get("status", ()))) >= 2
                                                      and set(q.words) & _COMPARE_WORDS)) \
            and not q.has("malomrade"):
        # "hur många uppdrag per status?", "fördelningen per status": the state of the plan,
        # the uppdrag counted per status first (not every uppdrag, nor only the late)
        from handlers.lage import Lage
        return Lage()
    if q.has("uppdrag") and _AREAS.search(q.text) and (
            q.phrase("hur manga", "antal", "antalet", "how many") or q.has("list")
            or set(q.words) & {"jamfor", "jamfort", "skillnad", "skillnaden"}):
        # "hur många uppdrag har målområde 4 och 5?": each's count; "… försenade …": the late
        return MalomradeList(late=asks_late(q), status=status(q))
    if q.has("uppdrag") and q.phrase(*_PER_AREA):
        # "antal uppdrag per målområde": each with its count; "andel försenade …": the late
        return MalomradeList(late=asks_late(q), status=status(q))
    if (body := _meeting_asked(q)) is not None:
        # "när är nästa KF-sammanträde?": the date of the meeting itself, which the plan does
        # not hold (what is due to it is "vad ska till KF?")
        return Unknown(text=text, kind="möte", about=body, unsure=True)
    if key is None and not q.core and q.classes.get("uppdrag") == ["uppdraget"] and \
            not set(q.classes) - {"uppdrag", "noise", "time", "status", "owner", "deadline",
                                  "list", "social"} and not q.has("month", "late", "ks", "kf"):
        # "när ska uppdraget vara klart?", "hur går det med uppdraget?" with no uppdrag named
        # (and none in the conversation): which one is asked back, not all 23 listed
        return Unknown(text=text, kind="uppdrag", about="vem" if q.phrase("vem") else "vilket")
    if set(q.words) & _COMPARE_ALONE and set(q.words) <= _COMPARE_ALONE | _COMPARE_FILL:
        # "skillnad?", "jämför!" with nothing named (and no conversation to read it against):
        # what to compare is asked back, not a text search for the word
        return Unknown(text=text, kind="jämförelse")
    listing = _uppdrag_list(q, today, snap, best)
    if listing is not None:
        return listing

    mo_n = malomrade_number(q)
    table: Literal["gemensamma", "nämndens"] | None = "gemensamma" if any(
        w.startswith("gemensam") for w in q.words) else "nämndens" if any(
        w.startswith(("namnd", "kommunstyrelsens", "egna")) for w in q.words) else None
    if mo_n is not None and q.has("indikator") and (q.core or table) and \
            not [w for w in q.core if w not in _INDICATOR_GROUPS]:
        # "vilka gemensamma indikatorer har målområde 2?", "nämndens indikatorer i 3": the
        # area's indicators (both tables, each row names its own; "nämndens" is no core word)
        return IndikatorList(malomrade=mo_n, colour=colour(q), not_colour=colour_negated(q),
                             table=table, reported_to_kf=_to_kf(q), not_kf=_not_kf(q))
    if mo_n is not None and (not q.core or best is None or best.entry.kind == "malomrade"):
        if q.has("indikator"):
            # "vilka indikatorer i målområde 3 rapporteras till KF?": the area's, to KF
            return IndikatorList(malomrade=mo_n, colour=colour(q), not_colour=colour_negated(q),
                                 reported_to_kf=_to_kf(q), not_kf=_not_kf(q),
                                 direction="Bevaka" if _watched(q) else None)
        return MalomradeView(number=mo_n, goals_only=_goals_only(q))

    if _plural_indicators(q) and any(m.entry.kind == "malomrade" for m in hits[:3]):
        area = next(m for m in hits[:3] if m.entry.kind == "malomrade")
        return IndikatorList(malomrade=int(area.entry.key), colour=colour(q),
                             not_colour=colour_negated(q), reported_to_kf=_to_kf(q),
                             not_kf=_not_kf(q))
    if q.has("indikator") and _watched(q) and not q.acronyms and not any(
            len(w) == 2 and w.isalpha() and w not in STOPWORDS for w in q.words) and not [
            w for w in q.core if not w.startswith("bevak") and w not in _INDICATOR_GROUPS]:
        # "vilka indikatorer bevakas?", "hur många indikatorer har bevaka som mål?": those
        # whose önskat läge is Bevaka (a core word, not an indicator's name)
        areas = [int(m.entry.key) for m in hits[:3] if m.entry.kind == "malomrade"]
        return IndikatorList(malomrade=mo_n if mo_n is not None else areas[0] if areas else None,
                             direction="Bevaka",
                             reported_to_kf=_to_kf(q), not_kf=_not_kf(q))
    if (source := _source_asked(q, snap)) is not None:
        # "vilka indikatorer mäts av SCB?"; "… mäts inte av SCB?": those of other sources
        return IndikatorList(source=source, not_source=bool(set(q.words) & {"inte", "ej", "not"}))
    if q.has("indikator") and (best is None or not q.core or _list_filter(q)[0]):
        moved, frequency = _list_filter(q)
        if q.core and best is None and not (moved or frequency):
            return Unknown(text=text, kind="indikator", about=q.about)
        mo = int(best.entry.key) if best is not None and best.entry.kind == "malomrade" else None
        unmeasured = q.has("without") and bool(set(q.classes["indikator"]) & _VALUE_WORDS)
        negated = q.has("kf") and q.phrase("inte", "ej", "inte till", "not")
        # "vilka indikatorer försämras?": how they moved, not their colour too (unless named)
        col = None if moved and not q.has("colour_red", "colour_green", "colour_yellow") \
            else colour(q)
        return IndikatorList(malomrade=mo, colour=col, not_colour=colour_negated(q),
                             reported_to_kf=q.has("kf") and not negated,
                               not_kf=negated, unmeasured=unmeasured, moved=moved,
                               frequency=frequency, most=moved is not None and _most_moved(q))
    if colour(q) is not None and not q.core and not q.has("uppdrag"):
        return IndikatorList(colour=colour(q), not_colour=colour_negated(q))

    if q.has("goal") and _judges_a_goal(q) and not q.has("malomrade", "indikator", "uppdrag"):
        # "klarar vi målet?" with nothing named: which goal is meant (not the list of the
        # strategic goals as if it answered); "klarar vi målen?": the last report's outcome
        if "malet" in q.words:
            return Unknown(text=text, kind="vilket mål", about=None)
        return MaluppfyllelseView(year=y)
    if q.has("malomrade", "goal") and not q.core:
        # "vilka strategiska mål finns?", "hur många strategiska mål har vi?": the goals
        return MalomradeList(goals=_goals_only(q) or (q.has("goal") and not q.has("malomrade")))

    if best is not None and best.entry.kind == "indikator" and _ACTION.search(q.text):
        # "vad gör kommunen för företagen?": what is done is an uppdrag, not a figure
        done = [m for m in snap.index.search(q.core, kinds={"uppdrag"}, limit=3, compounds=True)
                if m.coverage > 0 and weak(m, q, snap.index) is None]
        if done:
            best, hits = done[0], done
    if best is not None and best.entry.kind == "uppdrag" and q.phrase(*_LINKS) and (
            measured := next((m for m in hits if m.entry.kind == "indikator"
                              and weak(m, q, snap.index) is None), None)) is not None:
        # "vilka uppdrag är kopplade till sjukfrånvaron?": the indicator's linked uppdrag, not
        # the uppdrag whose texts say the word
        return IndikatorCard(slug=measured.entry.key, asks="uppdrag")
    if best is not None and best.entry.kind in ("verksamhet", "projekt") and q.has("uppdrag") \
            and not q.has("budget", "avvikelse", "investering", "indikator"):
        # "hur går det med brandskyddsuppdraget?": an uppdrag asked, not the budget line whose
        # analysis says "brandskydd"
        said = next((m for m in hits if m.entry.kind == "uppdrag"
                     and weak(m, q, snap.index) is None), None)
        if said is None:
            return Unknown(text=text, kind="uppdrag", about=q.about)
        best, hits = said, [said] + [m for m in hits if m is not said]
    if best is not None and weak(best, q, snap.index) is not None and (whole := next(
            (m for m in hits if whole_compound(m, snap.index) and weak(m, q, snap.index) is None),
            None)) is not None:
        # "investeringsprinciperna": the one whose name has both parts of the compound, not
        # the first of those that have only its first
        best, hits = whole, [whole] + [m for m in hits if m is not whole]
    if best is not None and best.entry.kind == "indikator" and best.matched and \
            best.matched <= PROJECT_FIGURES and weak(best, q, snap.index) is not None and (
            project := next((m for m in hits if m.entry.kind == "projekt" and m.coverage > 0
                             and weak(m, q, snap.index) is None), None)) is not None:
        # "vad är prognosen för askersund förskola?": the project's forecast, not the
        # indicator of the year's forecast deviation ("prognos" is one of its names)
        best, hits = project, [project] + [m for m in hits if m is not project]
    if best is not None and _tied_with_a_word_left(best, hits, q):
        # "sålda vilor": "sålda" names Sålda bostadsrätter and Sålda villor alike, and the
        # word that would tell them apart is not understood; which one is asked back
        return Unknown(text=text, about=q.about, unsure=True)
    if best is not None:
        if (reason := weak(best, q, snap.index)) is not None and \
                not _count_in_analysis(best, q, snap, reason):
            survey = _survey_instead(best, hits, q, snap) or _trend_instead(best, hits, q, snap)
            if survey is None:
                about = _with_group(q.about, text, reason)
                about = _part_asked(best, q, reason) if about == q.about else about
                if best.entry.kind == "projekt" and not reason and named_in_full(best, q):
                    # "när blir askersund förskola klar?": the project named in full and asked
                    # what its amounts do not hold; the text is searched by its whole name
                    # ("Förskola Askersund, Solberga … färdigställd våren 2025"), not by
                    # "förskola" alone, which the matching kept of it
                    about = best.entry.label
                return Unknown(text=text, about=about, unsure=True)
            best, hits = survey, [survey] + [m for m in hits if m is not survey
                                             and not opinion_not_survey(m, q)]
        if best.entry.kind == "indikator" and wrong_unit(
                q, snap.ind_by_slug[best.entry.key]["unit"], snap.ind_by_slug[best.entry.key]["name"]):
            count = _count_instead(best, hits, q, snap)
            if count is None:
                return Unknown(text=text, about=q.about, unsure=True)
            best, hits = count, [count] + [m for m in hits if m is not count]
        if best.entry.kind == "uppdrag" and asks_cost(q):
            # "vad kostar handslaget?": uppdrag 2.2 is named, but it has no amount
            return Unknown(text=text, kind="kostnad", about=f"uppdrag {best.entry.key}",
                           unsure=True)
        return _card(best, hits, q, y, snap, today)

    if q.has("uppdrag"):
        if q.core:
            return Unknown(text=text, kind="uppdrag", about=q.about)
        return UppdragList()
    kind = next((k for cls, k in (("indikator", "indikator"), ("budget", "verksamhet"),
                                  ("investering", "projekt")) if q.has(cls)), None)
    if kind is None and _ACTION.search(q.text):
        kind = "uppdrag"  # "vad gör vi åt bostadsbristen?": what is done is an uppdrag
    # "vad är lönen för en undersköterska?", "how much do managers earn?": pay, which the plan
    # holds none of: said so, not "förstod inte"
    # "how many people work in HR?": people counted in a unit the plan has no figure of
    people = counts_people(q) and any(w not in _PEOPLE_STEMS for w in distinctive(q, 2))
    if counts_people(q) and not people and set(q.words) & AT_WORK and "dar" not in q.words:
        # "hur många jobbar i kommunen?": its own staff, or everyone working there; asked back
        return Unknown(text=text, kind="personal", about=q.about)
    # "hur mycket har vi lagt på konsulter?": an amount asked of something the plan has no
    # word of: said so ("Det finns inte i planen"), not "förstod inte"
    return Unknown(text=text, kind=kind, about=q.about,
                   unsure=bool(set(q.words) & _PAY) or people or (kind is None and asks_cost(q)))


_PEOPLE_STEMS = frozenset(stem(w) for w in AT_WORK | STAFF)
_PAY = frozenset({"lon", "lonen", "loner", "lonerna", "medellon", "medellonen", "manadslon",
                  "manadslonen", "tjanar", "tjanade", "arvode", "arvodet", "arvoden",
                  "arvodena", "salary", "salaries", "wage", "wages", "earn", "earns", "paid"})


# an age or size group as typed: "över 65", "65 år och äldre", "80-åringar"
_GROUP_TYPED = re.compile(r"\b(?:(?:över|under|äldre än|yngre än)\s+\d+(?:\s+år)?|\d+\s+år\s+och\s+"
                          r"(?:äldre|yngre|över|uppåt)|\d+\s*-?\s*åringar\w*)", re.IGNORECASE)


# the two tables of a målområde's indicators, as stems: "gemensamma", "nämndens", "egna"
_INDICATOR_GROUPS = frozenset(stem(w) for w in ("gemensamma", "gemensamt", "gemensam", "namndens",
                                                  "namnd", "egna", "kommunstyrelsens"))


def _watched(q: Query) -> bool:
    """Whether those watched are asked ("vilka indikatorer bevakas?", "har bevaka som mål")."""
    return any(w.startswith("bevak") for w in q.words)


def _part_asked(m: Match, q: Query, reason: list[str]) -> str | None:
    """What a weak answer says it found nothing on: the part of a project or a line that only
    its analysis names ("konstverket" of "hur mycket kostade konstverket på närlundaskolan?",
    then said with the analysis's sentence), not the thing named beside it; else the
    question's content words."""
    part = [w for w in q.content if stem(fold(w)) in reason]
    if m.entry.kind in ("projekt", "verksamhet") and part and reason and \
            set(reason) <= set(analysis_only(m)):
        return " ".join(part)
    return q.about


def _with_group(about: str | None, text: str, reason: list[str]) -> str | None:
    """What the honest answer says it found nothing on: the subject and the age or size group
    that made the match weak ("invånare över 65", not "invånare")."""
    m = _GROUP_TYPED.search(text)
    if m is None or not any(w.isdigit() and w in m.group(0) for w in reason):
        return about
    group = m.group(0)
    rest = [w for w in (about or "").split() if fold(w) not in fold(group)]
    return " ".join([*rest, group])


def _tied_with_a_word_left(best: Match, hits: list[Match], q: Query) -> bool:
    """The best match ties with another of its kind on the same words, and a distinctive
    word of the question, explained by neither, is left: the one it would pick is a guess."""
    return len(hits) >= 2 and hits[1].entry.kind == best.entry.kind and \
        hits[1].matched == best.matched and hits[1].score >= best.score * 0.999 and \
        bool(unexplained(best, q)) and bool(unexplained(hits[1], q)) and \
        all(len(w) >= 4 for w in unexplained(best, q))


_NONE = frozenset({"inga", "ingen", "inget", "noll"})


def _count_in_analysis(best: Match, q: Query, snap: Snapshot, left: list[str]) -> bool:
    """"hur många villatomter såldes 2024?": a count asked of a word that only a budget
    line's analysis has, and the analysis states that count ("Då inga villatomter har sålts
    under året", a number or "inga" before the word): the line's card answers it. Not when
    the question names another thing the match leaves unexplained ("… finns i tomtkön?":
    a noun, not the verb of the count)."""
    if best.entry.kind != "verksamhet" or not best.matched or best.matched & best.entry.words \
            or not q.phrase("hur manga", "how many"):
        return False
    if any(len(w) >= 6 and not w.endswith(("de", "des", "ts", "tes", "as")) for w in left):
        return False
    for row in snap.budget:
        if row["code"] != best.entry.key or not row["analysis"]:
            continue
        words = re.findall(r"\w+", fold(row["analysis"]))
        if any(stem(w) in best.matched and (before.isdigit() or before in _NONE)
               for before, w in pairwise(words)):
            return True
    return False


# a job title in the definite form, the holder of which a question asks about ("hr-chefen",
# "kommundirektören", "säkerhetssamordnaren"), folded
_TITLE = re.compile(r"(?<![\w-])([\w-]*(?:chefen|direktoren|ordforanden|samordnaren|strategen|"
                    r"controllern|sekreteraren|handlaggaren|ansvarige)|hr)\b")  # ("vilka uppdrag har hr?")
_HOLDS = re.compile(r"\b(?:har|ager|ansvarar|leder|driver|jobbar\s+med|arbetar\s+med)\b")


# what a person holds, asked without the word "uppdrag": "vad ansvarar hr-chefen för?"
_WHAT_HOLDS = re.compile(r"\bvad\s+(?:ansvarar|leder|driver|ager)\b"
                         r"|\bvad\s+har\s+[\w-]+\s+for\s+(?:ansvar|ansvarsomraden|uppgifter)\b")


def _title(q: Query, text: str) -> str | None:
    """The job title a question about uppdrag asks by, as typed ("hr-chefen" in "vilka
    uppdrag har hr-chefen?", "vad har kommundirektören för uppdrag?"), or None."""
    m = _TITLE.search(q.text)
    if m is None or not _HOLDS.search(q.text) or m.group(1).startswith("uppdrag"):
        return None
    typed = text.lower()
    return typed[m.start(1):m.end(1)] if len(typed) == len(q.text) else m.group(1)


def _count_instead(best: Match, hits: list[Match], q: Query, snap: Snapshot) -> Match | None:
    """A count asked ("hur många bor i kommunen?") and the best match is a share (Bor och
    arbetar i kommunen, andel): an indicator that counts people and explains the same words
    by a name whose other words say only that it counts people (Befolkning, "folk som bor i
    kommunen") answers it. Not another count that only shares a word ("hur många
    bostadsrätter finns det?" is not Sålda bostadsrätter)."""
    for m in hits[1:4]:
        ind = snap.ind_by_slug.get(m.entry.key) if m.entry.kind == "indikator" else None
        if ind is None or (ind["unit"] or "").lower() != "antal" or not m.matched >= best.matched \
                or wrong_unit(q, ind["unit"], ind["name"]):
            continue
        if any(m.matched & set(p) and set(p) - m.matched <= _PEOPLE_WORDS
               for p in m.entry.phrases):
            return m
    return None


# the words of a name that say only that it counts people ("folk som bor i kommunen")
_PEOPLE_WORDS = frozenset(stem(w) for w in ("folk", "personer", "manniskor", "invanare"))


def _trend_instead(best: Match, hits: list[Match], q: Query, snap: Snapshot) -> Match | None:
    """A trend asked ("har sjukfrånvaron förbättrats?") and the best match is an uppdrag
    named only by the trend's verb (2.2 "… ett förbättrat företagsklimat"): the indicator
    the question names, when it is strong enough itself."""
    if best.entry.kind != "uppdrag" or not q.phrase(*_TREND) or not all(
            w.startswith(("forbattr", "forsamr", "utveckl")) for w in best.matched):
        return None
    return next((m for m in hits[1:4] if m.entry.kind == "indikator" and m.coverage >= 0.5
                 and weak(m, q, snap.index) is None), None)


_OPINION_STEMS = frozenset(stem(w) for w in ("tycker", "tycka", "anser", "nojda", "nojd",
                                              "missnojda", "missnojd", "asikt", "asikter"))


def _survey_instead(best: Match, hits: list[Match], q: Query, snap: Snapshot) -> Match | None:
    """An opinion asked ("vad tycker företagarna om kommunen?") and the best match is a
    count, no survey (Arbetsställen): a survey the words match as well (Svenskt
    Näringslivs enkät) answers it, if it is strong enough itself."""
    if not opinion_not_survey(best, q):
        return None
    # not of a thing the survey does not rate: "vad tycker företagarna om vägarna?"
    return next((m for m in hits[1:8] if m.matched >= best.matched
                 and not opinion_not_survey(m, q) and weak(m, q, snap.index) is None
                 and not [w for w in unexplained(m, q) if w not in _OPINION_STEMS]), None)


# a question about what is done ("vad gör kommunen för …", "hur arbetar vi med …")
_ACTION = re.compile(r"\b(?:vad\s+(?:gor|gors|gjorde|gjordes|har\s+\w+\s+gjort)|hur\s+(?:arbetar|jobbar)"
                     r"|vilka\s+(?:insatser|atgarder))\b")


def _prefer_said_kind(hits: list[Match], q: Query) -> list[Match]:
    """The question says "uppdraget" and an uppdrag explains every word the best match (an
    indicator) does: the uppdrag first ("vem äger uppdraget om sjukfrånvaro?" is 5.3's owner, not the
    indicator Total sjukfrånvaro's)."""
    if not hits or not q.has("uppdrag") or hits[0].entry.kind != "indikator" or \
            q.has("indikator", "budget", "investering", "avvikelse"):
        return hits
    first = hits[0]
    said = next((m for m in hits if m.entry.kind == "uppdrag" and m.matched >= first.matched),
                None)
    if said is None:
        return hits
    return [said] + [m for m in hits if m is not said]


_VALUE_WORDS = frozenset({"varde", "varden", "vardet", "matvarde", "matvarden", "matvardet",
                          "matningar", "matning", "siffror", "siffrorna", "matts", "uppmatts"})

_PLURAL_INDICATOR = ("indikatorer", "indikatorerna", "nyckeltalen", "matten", "kpier", "kpis",
                     "verksamhetsmatten", "matvarden")


def _asks(q: Query) -> Literal["ansvarig", "tidplan", "ansvarig och tidplan", "försenad", "i tid", "orsak",
                               "insatser", "aktiviteter", "uppdaterad", "klar",
                               "indikatorer", "uppföljning", "omfattning", "syfte",
                               "mål"] | None:
    """A narrow question about an uppdrag: who is responsible, when it is due, or both, or
    whether it is late ("är 3.2 försenat?") or done ("är 3.1 klart?"), which insatser or
    aktiviteter it holds ("hur många insatser har handslaget?", "vilka aktiviteter har
    3.2?"), or when and by whom it was last updated ("när uppdaterades 3.2 senast?")."""
    if asks_insatser(q):
        return "insatser"
    if any(w.startswith("aktivitet") for w in q.words):
        return "aktiviteter"
    if q.has("indikator") or set(q.words) & {"mater", "mats", "matas", "measured", "measure"}:
        # "vilka indikatorer hör till 5.3?", "indikatorer för 4.1", "vad mäter vi för 5.4?"
        return "indikatorer"
    # "när ska 1.2 rapporteras?", "när rapporteras 4.3?": when it is due, not its last update
    # (unless "senast" says so); "när kom senaste rapporten om 3.2?", "har någon uppdaterat
    # 3.2?": its latest update
    if asks_latest_update(q):
        return "uppdaterad"
    # "vilka är ansvariga för 3.2?"; not "vilka indikatorer hör till 5.3?" (its card, with
    # the indicators linked)
    if card_part(q) == "omfattning":
        return "omfattning"  # "vilka nämnder ska 1.1 redovisas i?": not when, but where
    who = q.has("owner") or q.phrase("vem", "who") or (
        q.phrase("vilka") and not q.core and not q.has("indikator", "malomrade", "goal"))
    # (not "när uppdaterades 3.1 senast"; "när ska KF få rapporten om …" is its deadline)
    when = (q.has("deadline") or q.phrase("nar", "when")) and not any(
        w not in ("rapport", "rapporten") for w in q.classes.get("silent", []))
    if who and when:
        return "ansvarig och tidplan"  # "vem är ansvarig och när ska det redovisas?"
    if who:
        return "ansvarig"
    if when:
        return "tidplan"  # not "när uppdaterades 3.1 senast"
    if (part := card_part(q)) is not None:
        return part  # "hur följs 3.2 upp?", "omfattningen av 1.3?", "vad är syftet med 3.2?"
    if q.has("goal") and not q.has("indikator", "late", "status") and not asks_done(q):
        return "mål"  # "vilka strategiska mål hör 5.3 till?": its målområde's goals
    if asks_late(q) or (set(q.words) & {"sen", "sent", "efter"} and asks_why(q)):
        # "varför är 3.2 försenat?", "varför är 1.3 sen?": why, which only an update says
        return "orsak" if asks_why(q) else "i tid" if asks_on_time(q) else "försenad"
    if asks_done(q):
        return "klar"
    return None


def asks_why(q: Query) -> bool:
    """"varför …?", "why …?", "vad är orsaken …?": a reason asked."""
    return q.phrase("varfor", "why", "orsak", "orsaken", "anledning", "anledningen")


_ON_TIME = ("i tid", "i fas", "enligt plan", "enligt tidplan", "enligt tidplanen", "on track",
            "on time", "on schedule")


def asks_on_time(q: Query) -> bool:
    """"är 3.2 i fas?", "blir det klart i tid?", "is 3.2 on track?": whether it is on time,
    the other way round from "är det försenat?" (a late one is a no)."""
    return q.phrase(*_ON_TIME) and not q.has("late")


# whether it is done: "är 3.1 klart?", "blev det färdigt?" (not "när ska det vara klart?")
DONE = frozenset({"klar", "klart", "klara", "fardig", "fardigt", "fardiga", "avklarat",
                  "slutfort", "done", "finished", "completed"})


def asks_done(q: Query) -> bool:
    return bool(set(q.words) & DONE) and not q.phrase("nar", "when") and not q.has("deadline") \
        and not asks_late(q)


# nearest its budget: "låg närmast budget", "closest to budget"
_NEAREST_BUDGET = ("narmast budget", "narmast budgeten", "narmast sin budget", "narmast i budget",
                   "narmast budgeterat", "closest to budget", "closest to the budget",
                   "narmast att halla budget", "narmast att halla budgeten")


# two counts compared: "hur många är ej påbörjade jämfört med pågående?"
_COMPARE_WORDS = frozenset({"jamfort", "jamfor", "mot", "an", "vs", "versus", "eller"})


# the most or the fewest of a count asked: "vilket målområde har flest / minst uppdrag?"
_MOST_LEAST = frozenset({"flest", "mest", "minst", "farst"})
# a ranking asked by its verb: "ranka målområdena efter antal försenade uppdrag"
_RANKED_BY = frozenset({"ranka", "rangordna", "sortera", "rank", "sort"})


def asks_late(q: Query) -> bool:
    """"är 3.2 försenat?", "ligger det efter?", "blir det klart i tid?": whether it is late."""
    return q.has("late") or q.phrase(*_LATE_PHRASES) or {"ligger", "efter"} <= set(q.words) \
        or "sent" in q.words


_LATE_PHRASES = ("ligger efter", "halkat efter", "efter tidplan", "efter planen", "i tid",
                 "i fas", "pa efterkalken", "behind", "on track", "on time")


_TREND = (*TREND, "okat", "minskat", "okar", "minskar", "okade", "minskade", "forbattrats",
          "forbattrades", "forsamrats", "forsamrades",
          # "har sjukfrånvaron gått ner?", "går arbetslösheten upp?": up or down is a trend
          "gatt ner", "gatt ned", "gatt upp", "gick ner", "gick ned", "gick upp", "gar ner",
          "gar ned", "gar upp", "stigit", "sjunkit", "stiger", "sjunker")


_MEASURING = ("skickas", "genomfors", "gors", "genomfordes", "skickades",
              "gjordes", "sker", "kommer resultatet", "kommer nasta", "sent out", "carried out")


def _indicator_asks(q: Query) -> _IndicatorAsks | None:
    """A narrow question about an indicator: who, its target or its baseline, whether it
    meets its target ("når vi målet för sjukfrånvaron?"), misses it ("missar vi målet …?",
    "når vi inte målet …?": the answer says which, no yes or no to a negated question), or
    is of a colour ("är sjukfrånvaron gul?": yes when it is that colour)."""
    if q.has("owner") or q.phrase("vem", "who"):
        return "ansvarig"
    if q.has("uppdrag") and (q.phrase(*_LINKS) or q.phrase("vilket uppdrag", "vilka uppdrag",
                                                             "which task", "which tasks")):
        return "uppdrag"  # "vilket uppdrag följs upp med arbetslösheten?": the linked first
    if q.phrase("hur ofta", "nar mats", "nasta matning", "nasta gang", "how often") or any(
            w.startswith(("kalla", "kallan", "kallor", "source")) for w in q.words) or \
            q.phrase("var kommer", "varifran kommer", "vem mater", "hur mats") or (
                # "när skickas medarbetarenkäten ut?", "när genomförs den?": when it is measured
                q.phrase("nar", "when") and q.phrase(*_MEASURING)):
        return "källa"  # "hur ofta mäts företagsklimatet?", "vilken källa har arbetslösheten?"
    if any(w.startswith(("utgangslag", "utgangsvard", "baslinje", "baseline")) for w in q.words):
        return "utgångsläge"
    if q.phrase(*_MISSES):
        return "missar"
    if asks_better(q):
        return "bättre"  # "har arbetslösheten blivit bättre?": yes or no, by its direction
    if q.words[:1] in (("ar",), ("blir",)) and (c := colour(q)) is not None and \
            q.has("colour_green", "colour_red", "colour_yellow"):
        return "uppfyllt" if c == "grön" else c  # green is meeting the target
    if q.phrase(*_MEETS):
        return "uppfyllt"
    if q.phrase("malet for", "malet pa", "malvarde", "malvardet", "onskat lage", "onskade laget",
                "target", "malet", "mal") and not q.has("maluppfyllelse"):
        return "mål"
    return None


_IndicatorAsks = Literal["ansvarig", "mål", "utgångsläge", "uppfyllt", "missar", "grön", "gul", "röd",
                         "uppdrag", "källa", "bättre"]

# whether it got better or worse: "har sjukfrånvaron blivit bättre?", "går det åt rätt håll?"
_BETTER = ("blivit battre", "blivit samre", "blir battre", "blir samre", "battre eller samre",
           "samre eller battre", "forbattrats", "forsamrats", "forbattrades", "forsamrades",
           "forbattras", "forsamras", "ratt hall", "fel hall", "gatt battre", "gatt samre",
           "getting better", "getting worse", "got better", "got worse", "improved",
           "improving", "blev det battre", "blev det samre", "blev battre", "blev samre")


def asks_better(q: Query) -> bool:
    """Whether it got better or worse is asked ("is it improving?", "förbättras den?")."""
    return bool(q.phrase(*_BETTER)) and not q.phrase(*THAN_LAST_YEAR) and not q.phrase("an", "than")


def _against_direction(q: Query, asks: _IndicatorAsks | None,
                       row: dict[str, Any] | None) -> _IndicatorAsks | None:
    """"är sjukfrånvaron över målet?": over a target that is a ceiling (7,4 % from 8,38 %,
    "< 5,0%", Minska) is missing it, so a yes to meeting it would invert the question: the
    answer says which, as for "missar vi målet?". Under a floor (Öka, "> 75 %") likewise."""
    if asks != "uppfyllt" or row is None:
        return asks
    over, under = q.phrase("over malet", "over mal"), q.phrase("under malet", "under mal")
    if over == under:
        return asks
    target = (row.get("target") or "").strip()
    base = row.get("baseline")
    m = re.match(r"^\d+(?:[.,]\d+)?", target.replace("\u2212", "-"))
    value = float(m.group(0).replace(",", ".")) if m else None
    ceiling = target.startswith("<") or fold(target) == "minska" or (
        value is not None and base is not None and base > value)
    floor = target.startswith(">") or fold(target) == "oka" or (
        value is not None and base is not None and base < value)
    return "missar" if (over and ceiling) or (under and floor) else asks


_MISSES = ("missar vi", "missar den", "missar det", "nar vi inte", "klarar vi inte", "nar inte",
           "klarar inte", "missa malet", "missat malet", "miss the target", "missing the target")


# now against an earlier year: "är sjukfrånvaron bättre än förra året?", "sen i fjol"
# whether an indicator meets its target: "når vi målet …?", "klarar vi målet …?", "är den
# under målet?", "är sjukfrånvaron grön?"
_MEETS = ("nar vi malet", "nar vi malen", "klarar vi malet", "uppfyller vi", "uppfylls malet",
          "nas malet", "under malet", "over malet", "nar den malet", "nar det malet",
          "ligger vi under malet", "ligger vi over malet", "klarar den malet", "klarar det malet",
          "do we meet", "meet the target", "on target",
          # the same in English as it reaches here, its "target" read as the plan's "målet"
          # ("are we on target?" is "are we on malet"): not a question of the target itself
          "on malet", "meet malet", "meeting malet", "hit malet", "reach malet", "reached malet",
          "hitting malet", "met malet",
          # and in the past tense, for an indicator the annual report has no row of
          "nadde vi", "klarade vi", "uppfyllde vi", "uppnadde vi", "natt malet", "nadde den",
          "klarade den", "did we meet", "did we reach", "har vi klarat", "har vi natt",
          "har vi uppnatt", "har den klarat", "har den natt")
_SINCE = re.compile(r"\b(?:an|sedan|sen|jamfort\s+med|mot)\s+(?:forra\s+aret|forra\s+ar|i\s+fjol|"
                    r"fjolaret|aret\s+innan|20\d\d)\b")


# a recent stretch of time asked how it went: "hur har arbetslösheten gått i höst?" is its
# latest measurements
_LATELY = ("i host", "under hosten", "i hostas", "i sommar", "under sommaren", "i varas",
           "under varen", "senaste tiden", "pa sistone", "sista tiden", "senaste manaderna",
           "lately", "recently")


def _trend(q: Query, y: int | None) -> int | None:
    """A trend asked for ("hur har arbetslösheten utvecklats i år?"): the year, or 0 (the
    latest measurements: also "bättre än förra året?", where the year is the one compared
    with, not the one asked)."""
    if (_SINCE.search(q.text) or q.phrase(*_LATELY)) and not q.phrase(*_TREND):
        return 0
    if not q.phrase(*_TREND):
        return None
    return y or 0


# "finns det någon indikator som …?": whether any is, a list of them
_ANY = frozenset({"nagon", "nagot", "nan", "ngn", "ngon", "any"})


def _plural_indicators(q: Query) -> bool:
    return any(w in _PLURAL_INDICATOR for w in q.classes.get("indikator", [])) or (
        "indikator" in q.classes and bool(_ANY & set(q.words)))


# Two uppdrag this close to each other in score are a tie: neither is "the" answer. (Not a
# tuned threshold: a tie means equal within the rounding of the coverage term.)
TIE_RATIO = 0.97


# what was spent, asked in plain words: the outcome, shown first in the deviation's line
_SPENT = ("lagt pa", "lade pa", "lagt ut", "spenderade", "spenderat", "gjorde av med",
          "gjort av med", "forbrukade", "forbrukat", "gick at", "spent", "spend", "spending",
          "gick till", "har gatt till", "pengar gick", "lades pa", "lagts pa", "lade vi pa",
          "la vi pa", "har vi lagt pa", "lagt vi pa", "spenderade vi", "gjorde vi av med",
          "gatt at", "har gatt at")
# what a line came to: "hur mkt gick färdtjänsten på 2024?", "vad gick det på?"
_CAME_TO = re.compile(r"\bgick\s+(?:\w+\s+){0,3}?pa\b(?!\s+(?:minus|plus|back)\b)")


def _focus(q: Query) -> Focus:
    held = q.has("budget") and not set(q.words).isdisjoint(_HELD)  # "höll X budgeten 2024?"
    return "avvikelse" if q.has("avvikelse") or q.phrase(*_SPENT) or held or went_over(q) \
        else "budget"


# how far over budget: "hur mkt gick räddningstjänsten över 2024?", "hur mycket över?"
_WENT = frozenset({"gick", "drog", "hamnade", "landade", "gatt", "dragit"})


def went_over(q: Query) -> bool:
    ws = set(q.words)
    return "over" in ws and (bool(ws & _WENT) or q.phrase("hur mycket over", "hur mkt over",
                                                          "sa mycket over"))


# how a figure moved, in the past: "varför gick HME ner?", "varför blev det sämre?"
_MOVED_PAST = frozenset({"ner", "ned", "upp", "samre", "battre", "minskade", "okade", "sjonk", "steg",
                    "forsamrades", "forbattrades"})


# the past tense of a why asked of a line: what happened, the last outcome's analysis
_PAST_WHY = frozenset({"salde", "saldes", "blev", "gick", "okade", "minskade", "hade", "var",
                       "fick", "kostade", "drog", "sprack", "hande",
                       # chat's sign of a deviation: "fysisk planering varför minus?"
                       "minus", "plus", "minusresultat", "plusresultat"})


# whether the budget held: its deviation
_HELD = frozenset({"holl", "haller", "holls", "klarade", "klarar", "klarat"})


_OUTCOME_WORDS = frozenset({"utfall", "utfallet", "bokslut", "bokslutet", "outcome"})


# what a year's money came to, in the past tense: the outcome, not the budget; and a line's
# profit or loss ("gick kommunen med vinst på fastigheterna 2024?")
_PAST_COST = frozenset({"blev", "kostade", "landade", "hamnade", "slutade", "vinst", "vinsten",
                        "forlust", "forlusten"})


# the years ahead: "ökar pensionskostnaderna de kommande åren?" (from the plan's year)
_AHEAD = ("kommande aren", "kommande ar", "narmaste aren", "framover", "framat", "coming years",
          "next few years", "de narmsta aren")


def _developed(code: str, q: Query, y: int | None, focus: str, snap: Snapshot
               ) -> BudgetCompare | None:
    """A budget line's figures year by year, when its development is asked: "hur har budgeten
    för skolskjutsar utvecklats?", "ökar eller minskar pensionskostnaderna?" (whether it
    grows said first), "vilket år är gymnasieskolans budget störst?" (the largest first)."""
    words = set(q.words)
    if y is not None:
        if words & {"okar", "minskar", "stiger", "sjunker", "vaxer"} and \
                q.phrase("hur mycket", "hur mkt", "how much") and snap is not None and \
                not q.phrase("sedan", "sen", "fran", "mellan", "till"):
            # "hur mycket ökar skatteintäkterna 2027?": the change from the year before, first
            return BudgetCompare(codes=(code,), years=(y - 1, y))
        return None
    if q.phrase("vilket ar", "vilka ar", "which year", "nar ar") and words & {
            "storst", "storsta", "mest", "hogst", "minst", "lagst", "dyrast", "billigast",
            "most", "largest"}:
        grown = development(snap, code)
        return replace(grown, ranked=True) if grown is not None else None
    rises = bool(words & {"okar", "minskar", "okat", "minskat", "stiger", "sjunker", "vaxer",
                          "increase", "increasing", "decrease", "decreasing", "growing"})
    if focus == "avvikelse" or not (q.phrase(*DEVELOPED) or rises) or \
            q.phrase("varfor", "why", "orsak", "anledning"):
        return None
    ahead = snap.plan_year if q.phrase(*_AHEAD) else None
    grown = development(snap, code, ahead)
    return replace(grown, direction=True) if grown is not None and rises else grown


# a month or a tertial of the year named: "i oktober", "t2", "tertial 1", "delåret"
_PERIOD_WORDS = frozenset({*MONTHS, "t1", "t2", "t3", "tertial", "tertialet", "delar", "delaret",
                           "delarsrapport", "delarsrapporten", "kvartal", "q1", "q2", "q3", "q4"})


# the first or the last of the dates asked: "vilket uppdrag ska redovisas sist?"
_EXTREME: dict[str, Literal["first", "last"]] = {
    "forst": "first", "forsta": "first", "tidigast": "first", "first": "first",
    "earliest": "first", "sist": "last", "sista": "last", "last": "last"}

# the words of a period a "första" or "sista" may begin ("första halvåret")
_PERIOD_HEADS = ("halv", "kvartal", "tertial", "vecka", "veckan", "manad", "dag", "delen",
                 "ar", "aret", "terminen", "perioden", "sex", "tre", "fyra")

# the verbs of meeting a goal, stemmed: "klarar vi målet?", "når vi målen?"
_MEET_FORMS = MEET_VERBS | {"uppfyllt", "uppnar", "uppnadde", "uppnatt", "nadde", "natt"}
_MEET_STEMS = frozenset(stem(w) for w in (*_MEET_FORMS, "nar", "reach", "meet", "meeting"))


def _judges_a_goal(q: Query) -> bool:
    """The question asks whether a goal is met and names nothing else: its content words
    are the verb of meeting alone."""
    return bool(set(q.words) & _MEET_FORMS or q.phrase("nar vi")) and set(q.core) <= _MEET_STEMS


def _verksamhet(code: str, q: Query, y: int | None, snap: Snapshot | None) -> BudgetVerksamhet:
    """A budget line's card, with what the question asks of it first: the year's budget, its
    deviation, or its outcome (a past year without one says so, then the latest)."""
    if y is None:
        # chat's short year: "färdtjänst 27?" is 2027 (not the line's code; not an amount)
        amounts = {m.group(1) for m in re.finditer(
            r"\b(\d+)\s*(?:miljon\w*|mnkr|mkr|tkr|kr|kronor|procent|%|st|dagar)", q.text)}
        short = [w for w in q.words if len(w) == 2 and w.isdigit() and w != code
                 and 20 <= int(w) <= 35 and w not in amounts]
        y = 2000 + int(short[0]) if len(short) == 1 else None
    if y is None and snap is not None and snap.plan_year is not None and \
            set(q.words) & _PERIOD_WORDS and _outcome(q, snap.plan_year, snap):
        # "vad blev utfallet för räddningstjänsten i oktober?", "… t2?": a month or tertial of
        # the plan's year, which has no outcome yet (said so), not the last year's as if it
        # were that month's
        y = snap.plan_year
    focus, outcome = _focus(q), _outcome(q, y, snap)
    if outcome and snap is not None and y is not None and y not in outcome_years(snap, "drift"):
        focus = "avvikelse"  # "hur gick det för räddningstjänsten 2025?": no outcome yet
    asks = held_asked(q)
    if asks is not None:
        focus = "avvikelse"
    if y is None and focus == "budget" and asks_why(q) and set(q.words) & _PAST_WHY:
        # "varför sålde vi inga villatomter?": a reason for what happened is the last
        # outcome's analysis (with its deviation), not the plan year's budget
        focus = "avvikelse"
    if y is not None and snap is not None and focus == "budget" and asks_why(q) and \
            y in outcome_years(snap, "drift"):
        # "varför så dyrt med gymnasieskolan 2024?": why a reported year went as it did is
        # its deviation's analysis first, not that year's budget
        focus = "avvikelse"
    return BudgetVerksamhet(code=code, year=y, focus=focus, outcome=outcome, asks=asks,
                            share=q.phrase(*_SHARE), part=line_part(q))


def line_part(q: Query) -> Literal["intäkter", "kostnader"] | None:
    """"intäkter besöksnäringsverksamhet 2024", "hur mycket var intäkterna?": a line's
    intäkter (or kostnader) asked, not both ("intäkter och kostnader …" is the split's own)."""
    income = any(w.startswith("intakt") for w in q.words)
    costs = any(w.startswith("kostnad") for w in q.words)
    return "intäkter" if income and not costs else "kostnader" if costs and not income else None


# its share of the whole: "hur stor andel av budgeten går till gymnasieskolan?"
_SHARE = ("andel", "andelen", "hur stor del", "procent av", "share", "percentage",
          "hur manga procent", "del av budgeten", "del av driftbudgeten", "jamfort med hela",
          "av hela", "mot hela", "of the total", "of all")




# a yes or no question begins with its verb: "gick …?", "höll …?", "har … gått över …?"
_YES_NO = frozenset({"gick", "holl", "haller", "klarade", "klarar", "har", "drog", "overskred",
                     "blev", "ar", "did", "was", "is", "has"})
_OVER = ("over budget", "overskred", "overskridit", "overskridits", "gick back", "gick minus",
         "drog over", "gatt over", "gick over", "underskott", "go over", "went over",
         "overspend", "overspent", "over its budget")
_HELD_PHRASES = ("holl budget", "holl budgeten", "haller budget", "haller budgeten",
                 "klarade budget", "klarade budgeten", "klarar budgeten", "inom budget",
                 "inom budgeten", "under budget", "overskott", "gick plus", "within budget",
                 "stay within", "stayed within")


def held_asked(q: Query) -> Literal["över", "höll"] | None:
    """"gick gymnasieskolan över budget 2024?" ("över": yes when it went over), "höll
    räddningstjänsten budgeten 2024?", "gick färdtjänsten med överskott?" ("höll": yes when
    it kept within): a yes or no of the deviation; None for any other question."""
    if not q.words or q.words[0] not in _YES_NO:
        return None
    ws = set(q.words)
    if ws & {"storre", "mindre", "hogre", "lagre", "bigger", "smaller"} and ws & {"an", "than"}:
        # "är gymnasieskolans underskott större än alla andras?": a comparison with something
        # else, not whether it went over (it was "Ja, … gick över budget", about another thing)
        return None
    budget_said = any(w.startswith("budget") for w in ws)
    if q.phrase(*_HELD_PHRASES) or (ws & _HELD and budget_said):
        return "höll"  # "höll räddningstjänsten budgeten 2024?"
    if q.phrase(*_OVER) or ("over" in ws and budget_said):
        return "över"  # "gick gymnasiet över sin budget?"
    return None


def _outcome(q: Query, y: int | None = None, snap: Snapshot | None = None) -> bool:
    """"utfall gymnasieskola 2024": the outcome asked, not the deviation (it comes first)."""
    said = set(q.classes.get("avvikelse", [])) | set(q.classes.get("budget", []))
    if (set(q.words) & _PAST_COST or q.phrase("hur gick det", "how did") or q.phrase(*_SPENT)
            or q.words[:2] == ("hur", "gick")  # "hur gick besöksnäringen ekonomiskt 2024?"
            or _CAME_TO.search(q.padded)) and \
            snap is not None and y is not None and (y in outcome_years(snap, "drift") or (
                snap.plan_year is not None and y < snap.plan_year)):
        # "vad blev kostnaderna för skolskjutsar 2024?": what it came to (a past year without
        # an outcome, "hur gick det för räddningstjänsten 2025?", says it has none)
        said |= {"utfall"}
    return bool(said & _OUTCOME_WORDS) and not any(
        w.startswith(("avvik", "avvek", "under", "over", "budget")) for w in said) and \
        not set(q.words) & {"skillnad", "skillnaden", "jamfort", "jamfor", "mot"}  # the deviation


_MEAN = frozenset({"snitt", "snittet", "genomsnitt", "genomsnittet", "genomsnittlig",
                   "genomsnittliga", "medelvarde", "medelvardet", "average", "mean", "avg"})


_DIRECTIONS: dict[str, Literal["Öka", "Minska", "Bevaka"]] = {
    "minska": "Minska", "minskas": "Minska", "oka": "Öka", "okas": "Öka", "bevaka": "Bevaka",
    "bevakas": "Bevaka"}
# the words that make "minska" the target asked: "ska minska", "målet minska", "läge öka"
_TARGET_SAID = frozenset({"ska", "skall", "bor", "mal", "malet", "lage", "onskat", "onskad",
                          "bara"})


def _direction_asked(q: Query) -> Literal["Öka", "Minska", "Bevaka"] | None:
    """The direction of an önskat läge asked of the indicators: "vilka indikatorer ska
    minska?", "… har önskat läge öka?", "vilka ska bara bevakas?"."""
    if not q.words or q.words[0] not in ("vilka", "vilken", "which", "lista", "visa"):
        return None
    said = [w for w in q.words if w in _DIRECTIONS]
    if len(said) != 1 or not set(q.words) & _TARGET_SAID:
        return None
    return _DIRECTIONS[said[0]]


def _indicator_names(snap: Snapshot) -> list[str]:
    """The indicators' names, folded; made once per snapshot."""
    return snap.memoised("indicator names", None,  # type: ignore[no-any-return]
                         lambda: [fold(i["name"]) for i in snap.indikatorer])


def _name_word(q: Query, snap: Snapshot) -> str | None:
    """A word of the question that some indicators' names hold ("arbetsställen" of "vilka
    indikatorer om arbetsställen ska minska?"), folded; None when none does."""
    names = _indicator_names(snap)
    for w in q.words:
        if len(w) >= 5 and w not in _DIRECTIONS and not w.startswith("indikator") and \
                any(w in n for n in names):
            return w
    return None


# the verbs of what a list is about: "vilka indikatorer rör / gäller / handlar om …"
_ABOUT_STEMS = frozenset(stem(w) for w in ("ror", "galler", "handlar", "beror", "finns"))


def _named_indicators(q: Query, snap: Snapshot) -> str | None:
    """The word the names of two or more indicators hold, when a list of indicators is asked
    about it and nothing else ("vilka indikatorer handlar om personal?", "indikatorer om
    sjukfrånvaro"); as the names hold it, folded ("personal" of "personalen"). One name
    holding it is that indicator's card; none, no list."""
    said = q.classes.get("indikator", [])
    if not said or not said[0].startswith("indikatorer") or set(q.classes) - {
            "indikator", "list", "noise", "malomrade"} or (q.words[0] not in (
                "vilka", "lista", "visa", "which") and q.words[0] != said[0]):
        return None
    names = _indicator_names(snap)
    for w in q.words:
        if len(w) < 5 or w.startswith("indikator"):
            continue
        held = next((f for f in (w, stem(w)) if len(f) >= 5 and any(f in n for n in names)), None)
        if held is None or sum(1 for n in names if held in n) < 2:
            continue
        rest = [c for c in q.core if c not in (stem(w), held) and c not in _ABOUT_STEMS]
        return held if not rest else None
    return None


def _series_stat(q: Query) -> Literal["snitt", "högst", "lägst"] | None:
    """A statistic of an indicator's series asked: "genomsnittlig arbetslöshet 2026", "vilken
    var den högsta arbetslösheten i år?", "när var sjukfrånvaron som lägst?"."""
    ws = set(q.words)
    if ws & _MEAN:
        return "snitt"
    if ws & {"hogsta", "hogst", "highest", "max"}:
        return "högst"
    if ws & {"lagsta", "lagst", "lowest", "min"}:
        return "lägst"
    return None


def _goals_only(q: Query) -> bool:
    return q.has("goal") and any(w.startswith("strateg") for w in q.classes["goal"])


def _card(best: Match, hits: list[Match], q: Query, y: int | None,
          snap: Snapshot | None = None, today: dt.date | None = None) -> Command:
    kind = best.entry.kind
    if kind == "indikator":
        # a year asked is that year's measurements, or that it has none ("skuldsättningsgrad
        # 2019", "invånare 2035"): never the latest value as if it were that year's
        series = _trend(q, y)
        # "sjukfrånvaro första halvåret", "arbetsställen Q3": that part of the year asked (0:
        # of the latest measurement's year)
        part = year_part(q)
        if part is not None and not series:
            series = y or 0
        # "arbetslöshet i september", "arbetsställen i mars 2026": that month's value first (0:
        # of the latest year that has it), or that it has none and the nearest
        one_month = month_span(q) if series is None and part is None and q.has("month") \
            else None
        if one_month is not None:
            part, series = (*one_month, ""), y or 0
        # "arbetslösheten 2024–2026", "befolkningen sedan 2023": each year of the stretch
        span = year_span(q, today) if today is not None and part is None else None
        stat = _series_stat(q)
        if stat is not None and series is None and not span:
            series = y or 0  # "genomsnittlig arbetslöshet 2026": of that year's series
        # "är arbetslösheten högre än i fjol?": the latest against the year before (the year
        # named is the one compared with, not the one asked)
        than = q.phrase(*THAN_LAST_YEAR) and not span and part is None and stat is None
        if than:
            series = 0
        ind_asks: Any = _against_direction(q, _indicator_asks(q), snap.ind_by_slug.get(
            best.entry.key) if snap is not None else None)
        if ind_asks is None and not span and part is None and (
                asks_why(q) and (y is not None or set(q.words) & _MOVED_PAST)
                or y is not None and set(q.words) & _MOVED_PAST):
            # "varför ökade sjukfrånvaron 2024?": that year's text first; "varför gick HME
            # ner?" (no value of its own): the annual report's row with its comment first;
            # "ökade sjukfrånvaron 2024?" of a year without measurements: the text that says
            # whether it did first (it was "inga mätningar 2024", the text third)
            ind_asks = "orsak"
        return IndikatorCard(slug=best.entry.key, stat=stat,
                               others=tuple(m.entry.key for m in also_matching(hits)),
                               series=span[0] if span else y if series is None else series,
                               until=span[1] if span else None,
                               asks=ind_asks,
                               months=part[:2] if part is not None else None,
                               than_year=than)
    if kind == "uppdrag":
        # a word several titles share about equally ("utveckla", "hållbar"): list them
        tied = [m for m in hits if m.entry.kind == "uppdrag" and m.score >= best.score * TIE_RATIO]
        if snap is not None and whole_compound(best, snap.index):
            # "investeringsprinciperna": the one that has both parts, not all that have one
            tied = [m for m in tied if whole_compound(m, snap.index)]
        many = q.has("uppdrag") and any(w in ("vilka", "alla", "lista") for w in q.classes.get("list", []))
        if (len(tied) >= 2 and best.coverage < 0.5) or (many and also_matching(hits)):
            keys = [best.entry.key] + [m.entry.key for m in also_matching(hits)]
            return UppdragList(keys=tuple(sorted(keys, key=key_order)), search=q.about)
        if y is not None and snap is not None and snap.plan_year and y < snap.plan_year and \
                not q.has("uppdrag") and re.search(r"\b20\d\d\b", q.text):
            # "vad gjordes inom kommunikation 2024?": the plan's uppdrag are this year's work;
            # a past year's is in the annual report's text (the uppdrag is offered)
            return Unknown(text=q.raw, about=q.about, unsure=True)
        # by name, "vilka" is no "who": "vilka insatser ingår i handslaget?"
        # "vilka insatser ingår i handslaget?": the insatser first, if it lists any (by name,
        # "insatser för digitalisering" is the search for the uppdrag, whose card answers it)
        lists = snap is not None and bool((snap.uppdrag_by_key.get(best.entry.key) or {}).get("insatser"))
        asks = _asks(q) if (q.has("owner", "deadline") or q.phrase("vem", "who", "nar", "when")
                            or (asks_insatser(q) and lists)) else (
            # "brottsförebyggande uppdraget, hur följs det upp?": that part of its card first
            card_part(q) or ("klar" if asks_done(q) else None) or (
                # "har något hänt med styrmodellen?": its latest update first
                "uppdaterad" if q.phrase(*NEWS_ASKED) else None))
        occasion = _occasion(q, snap.uppdrag_by_key.get(best.entry.key)) \
            if asks == "tidplan" and snap is not None else None
        return UppdragCard(key=best.entry.key, asks=asks, occasion=occasion)
    if kind == "malomrade":
        number = int(best.entry.key)
        if q.has("uppdrag"):
            return UppdragList(malomrade=number)
        if q.has("indikator"):
            return IndikatorList(malomrade=number)
        return MalomradeView(number=number, goals_only=_goals_only(q))
    if kind == "verksamhet":
        if snap is not None and (grown := _developed(best.entry.key, q, y, _focus(q), snap)):
            return grown  # "ökar eller minskar pensionskostnaderna?": year by year
        return _verksamhet(best.entry.key, q, y, snap)
    if kind == "projekt":
        if snap is not None and (best.coverage >= 1 or kind_of_work(best)) and \
                (names := namesake_projects(best, q, snap.index)):
            # "förskolan 2024": "Askersund förskola" whole only because the kommun's name is
            # no word to match; each project named so ("solskydd": each place's)
            return _namesakes(names, y, q)
        return Investering(project=best.entry.key, year=y, total=bool(set(q.words) & TOTAL_WORDS or set(q.core) & PROJECT_FIGURES),
                           asks=project_asks(q), share=q.phrase(*_SHARE))
    return ArshjulView(event=int(best.entry.key))


# a week or a day, which the årshjul (by months) does not answer; the uppdrag due then do
_DAYS_NAMED = ("nasta vecka", "kommande vecka", "nasta veckan", "kommande veckan", "denna vecka",
               "den har veckan", "i veckan", "denna veckan", "idag", "i dag", "imorgon",
               "i morgon", "next week", "this week", "today", "tomorrow")


def _arshjul(q: Query, snap: Snapshot, best: Match | None) -> Command | None:
    """Questions about the organisation's yearly cycle."""
    asks_when = bool(_WHEN.search(" ".join(q.words)))
    asks_what = q.phrase(*ARSHJUL_PHRASES)
    if not (q.has("arshjul") or asks_when or asks_what):
        return None
    if not (q.has("arshjul") or asks_when) and q.has("malomrade", "uppdrag", "indikator"):
        return None  # "vad handlar målområde 3 om?": the målområde, not the yearly cycle
    # "när är bokslutet?": an event of the year named by a word of another class (budget)
    named = q.core or ([w for w in q.words if event_word(w)] if asks_when and snap.arshjul
                       else [])
    if named:
        # "när beslutar KF om budgeten?": the budget's word names the event too ("Beslut om
        # kommunplan innehållande mål och budget"), and of the events as good, the one of the
        # body named (KF's, not the Strategiutskott's or KS's of the same name)
        said = named + ([stem(w) for w in q.classes.get("budget", [])]
                        if asks_when and snap.arshjul else [])
        events = snap.index.search(said, kinds={"arshjul"}, limit=len(snap.arshjul) or 3)
        events = _ranked_events(q, snap, events, said) if len(said) > 1 or q.has("ks", "kf") \
            else events[:3]
        if events and (best is None or best.entry.kind == "arshjul"
                       or events[0].score >= best.score * 0.8):
            return ArshjulView(event=int(events[0].entry.key))
        if best is not None:
            return None  # "när ska bostadsutvecklingen redovisas?": the uppdrag
        if asks_when and not snap.arshjul and any(event_word(w) for w in named):
            return ArshjulView(what=_as_typed(q, q.classes.get("deadline", []) + named))
        if q.has("arshjul") or asks_what:
            mo = month(q)
            return ArshjulView(month=mo) if not q.core else None
        return None
    if q.has("deadline", "ks", "kf", "uppdrag", "late"):
        return None  # "när är nästa deadline?": an uppdrag list
    if not q.has("arshjul") and q.phrase(*_DAYS_NAMED):
        return None  # "vad händer nästa vecka?": what is due then (the årshjul has months)
    mo = month(q)
    if mo is not None:
        return ArshjulView(month=mo)
    if q.has("arshjul") or asks_what:
        return ArshjulView()
    return None


_EVENT_WORDS = ("delarsrapport", "arsredovisning", "bokslut", "budgetberedning",
                "skattesats", "planeringsforutsattning", "budgetdag", "kommunplan",
                "verksamhetsplan", "skatteprognos", "ramar", "omvarldsdag", "tertial")


def _as_typed(q: Query, words: list[str]) -> str:
    """The words as the message wrote them ("årsredovisningen", not its folded form)."""
    typed = re.findall(r"\w+", q.raw)
    return " ".join(next((t for t in typed if fold(t) == w), None) or
                    next((t for t in typed if fold(t).startswith(w)), w) for w in words)


def _ranked_events(q: Query, snap: Snapshot, events: list[Match], said: list[str]
                   ) -> list[Match]:
    """The årshjul's events found, those whose names hold the most of the words asked first
    ("Beslut om kommunplan innehållande mål och budget" for "beslutar … budgeten", not "Mål-
    och budgetdag"), then those of the body named (KF's, not the Strategiutskott's or KS's
    of the same name), then by score."""
    body = "KF" if q.has("kf") else "KS" if q.has("ks") else None

    def key(m: Match) -> tuple[int, bool, float]:
        event = snap.arshjul[int(m.entry.key)]
        words = [stem(w) for w in re.findall(r"\w+", fold(event["what"]))]
        held = sum(1 for s in said if s in words)
        of_body = body is not None and body in re.findall(r"\w+", event.get("body") or "")
        return (-held, not of_body, -m.score)
    return sorted(events, key=key)[:3]


def event_word(word: str) -> bool:
    """Whether a folded word names an event of the year ("bokslutet", "delårsrapporten")."""
    return any(word.startswith(e[:7]) for e in _EVENT_WORDS)


def _investering(q: Query, y: int | None, hits: list[Match], snap: Snapshot) -> Command | None:
    projects = [m for m in hits if m.entry.kind == "projekt"]
    if not q.core and y is not None and not any(p["year"] == y for p in snap.projects):
        # no project follow-up for that year: the investment budget has it
        return BudgetOverview(year=y, kind="investering", focus=_focus(q))
    if projects and (hits[0].entry.kind in ("projekt", "verksamhet")
                     or projects[0].score >= hits[0].score * 0.8):
        if names := namesake_projects(projects[0], q, snap.index):
            return _namesakes(names, y, q)  # "investeringar i Åsbro": each of them
        if (reason := weak(projects[0], q, snap.index)) is not None:
            return Unknown(text=q.raw, kind="projekt", about=_part_asked(projects[0], q, reason),
                           unsure=True)
        return Investering(project=projects[0].entry.key, year=y,
                           total=bool(set(q.words) & TOTAL_WORDS or set(q.core) & PROJECT_FIGURES),
                           asks=project_asks(q), share=q.phrase(*_SHARE))
    if hits and hits[0].entry.kind in ("uppdrag", "indikator") and \
            weak(hits[0], q, snap.index) is None:
        return None  # "modell för investeringar" is uppdrag 3.5
    if q.phrase(*_UNSTARTED) and not [w for w in distinctive(q, 3) if w not in _UNSTARTED_STEMS]:
        return Investering(project=None, year=y, unstarted=True)  # "… never started 2024?"
    if distinctive(q, 3):  # "mkt kvar på investeringsbudgeten?": no project named
        return Unknown(text=q.raw, kind="projekt", about=q.about)
    if y is not None and snap.plan_year is not None and y >= snap.plan_year:
        # "vilka investeringar planeras 2027?": the plan's investment budget of that year
        return BudgetOverview(year=y, kind="investering", focus="budget")
    focus: Focus = "avvikelse" if q.has("avvikelse") else "budget"
    if q.has("avvikelse") or any(w.startswith(("investeringsbudget", "budget"))
                                 for w in q.classes.get("investering", []) +
                                 q.classes.get("budget", [])):
        return BudgetOverview(year=y, kind="investering", focus=focus)
    if q.phrase("hur mycket", "hur mkt", "how much") or q.phrase(*_SPENT):
        # "hur mycket investerade vi 2024?": the year's total first, not the projects' list
        if y in outcome_years(snap, "investering"):  # a past year: its outcome, not a budget
            return BudgetOverview(year=y, kind="investering", focus="avvikelse", outcome=True)
        return BudgetOverview(year=y, kind="investering")
    return Investering(project=None, year=y, unstarted=q.phrase(*_UNSTARTED))


# budgeted, not begun: "vilka investeringar blev inte av 2024?"
_UNSTARTED = ("blev inte av", "blev aldrig av", "inte startade", "inte startades",
              "startades inte", "startade inte", "inte startat", "inte paborjats",
              "paborjades inte", "inte paborjade", "ej paborjade", "ej startade", "inte genomforts",
              "genomfordes inte", "inte kom igang", "kom inte igang", "never started",
              "not started", "inget utfall", "utan utfall")


_UNSTARTED_STEMS = frozenset(stem(w) for p in _UNSTARTED for w in p.split())


def _namesakes(names: list[str], y: int | None, q: Query | None = None) -> Investering:
    """The projects a word of their names picks out, named by that word as the names write
    it (its shortest form: "Närlunda", of "Närlunda arena" and "Närlundaskolan"); their share
    of all the year's projects when asked ("hur stor del av investeringarna …")."""
    shared = set.intersection(*({fold(w) for w in re.findall(r"\w+", n)} for n in names))
    word = min((w for n in names for w in re.findall(r"\w+", n) if fold(w) in shared),
               key=len) if shared else _common_start(names)
    # "vilken förskola kostade mest 2024?": the largest of them first (the year's outcome, or
    # the deviation when that is asked)
    words = set(q.words) if q is not None else set()
    ranked = q is not None and bool(words & (LARGEST | SMALLEST)) and len(names) >= 2
    return Investering(project=None, year=y, names=tuple(names), named=word,
                       share=q is not None and q.phrase(*_SHARE),
                       compare=("avvikelse" if q is not None and q.has("avvikelse") and not words
                                & {"utfall", "utfallet"} else "utfall") if ranked else None,
                       ranked=ranked, least=ranked and bool(words & SMALLEST)
                       and not words & LARGEST)


def _common_start(names: list[str]) -> str:
    first = re.findall(r"\w+", names[0])[0]
    while first and not all(fold(n).startswith(fold(first)) for n in names):
        first = first[:-1]
    return first


def _budget(q: Query, y: int | None, hits: list[Match], snap: Snapshot) -> Command | None:
    focus = _focus(q)
    # a verksamhet by its code: "budget 45", "avvikelse 1010 2024"
    # (not an amount: "mer än 10 miljoner" is no line 10)
    amounts = {m.group(1) for m in re.finditer(
        r"\b(\d+)\s*(?:miljon\w*|mnkr|mkr|tkr|kr|kronor|procent|%)", q.text)}
    codes = [w for w in q.words if w.isdigit() and w in snap.verksamheter and int(w) != y
             and w not in amounts]
    if codes and y is None and len(codes[0]) == 2 and (named := [
            m for m in snap.index.search([w for w in q.core if not w.isdigit()],
                                         kinds={"verksamhet", "projekt"}, limit=3,
                                         compounds=True)
            if m.entry.key != codes[0] and m.coverage >= 0.5]):
        # "budg skolskjuts 26", "avv gem lokaler 24?": a line named by its words, and the
        # two digits its year (2026), not line 26 Miljö och hälsoskydd
        y = 2000 + int(codes[0])
        hits = named + hits
        codes = []
    if codes and y is None and len(codes[0]) == 2 and 20 <= int(codes[0]) <= 35 and \
            (rest := [w for w in distinctive(q, 3) if not w.isdigit()]) and \
            (cut := [m for m in snap.index.search(rest, kinds={"verksamhet", "projekt"}, limit=1,
                                                  compounds=True)
                     if m.entry.key != codes[0] and m.matched >= set(rest) and all(
                         len(w) >= 6 and any(p.startswith(w) for ph in m.entry.phrases for p in ph)
                         for w in rest)]):
        # "avv räddningstj 24": every other word starts a word of another line's name (a
        # clipped name, too short for the coverage above), so the digits are its year
        y = 2000 + int(codes[0])
        hits = cut + hits
        codes = []
    if codes and y is None and len(codes[0]) == 2 and 20 <= int(codes[0]) <= 35 and \
            (rest := [w for w in distinctive(q, 3) if not w.isdigit()]) and \
            not snap.index.search(rest, kinds={"verksamhet", "projekt"}, limit=1, compounds=True):
        # "avv gymn 24": two digits that may be a year beside a word that names no line
        # ("gymn"): which line is asked is unknown, said so (not line 24 Parkering's card)
        return Unknown(text=q.raw, kind="verksamhet", about=q.about, unsure=True)
    if codes:
        return _verksamhet(codes[0], q, y, snap)
    # the lines tied among themselves: the one whose name has the question's budget word
    # ("finansiella kostnader" is 99924, not 99923 Finansiella intäkter)
    relevant = prefer_named([m for m in hits if m.entry.kind in ("verksamhet", "projekt")],
                            [stem(w) for ws in q.classes.values() for w in ws])
    if not relevant and q.core:  # "avvikelse besöksnäring": Besöksnäringsverksamhet, not the
        # indicator whose alias the word is
        relevant = snap.index.search(q.core, kinds={"verksamhet", "projekt"}, limit=3,
                                     compounds=True)
        hits = relevant + hits if relevant and relevant[0].coverage >= 0.5 else hits
    if relevant and (hits[0].entry.kind in ("verksamhet", "projekt")
                     or relevant[0].score >= hits[0].score * 0.8):
        m = relevant[0]
        if names := namesake_projects(m, q, snap.index):
            return _namesakes(names, y, q)  # "budget Närlunda": each of its projects
        if (reason := weak(m, q, snap.index)) is not None:
            return Unknown(text=q.raw, kind="verksamhet", about=_part_asked(m, q, reason),
                           unsure=True)
        if m.entry.kind == "verksamhet":
            if (grown := _developed(m.entry.key, q, y, focus, snap)) is not None:
                return grown
            return _verksamhet(m.entry.key, q, y, snap)
        return Investering(project=m.entry.key, year=y, total=bool(set(q.words) & TOTAL_WORDS or set(q.core) & PROJECT_FIGURES),
                           asks=project_asks(q), share=q.phrase(*_SHARE))
    if hits and (hits[0].coverage >= 0.5 or hits[0].score >= 0.8):
        return None  # "budgetram … resursfördelning" is uppdrag 4.5: its card
    if distinctive(q, 3):  # "lss" is a name
        return Unknown(text=q.raw, kind="verksamhet", about=q.about)
    if q.phrase("varfor", "why", "orsak", "orsaken", "anledningen"):
        # "varför ökade kostnaden?", naming no line: the deviations, each with its analysis
        return BudgetOverview(year=y, focus="avvikelse")
    if q.has("kf") and not q.has("ks") and set(q.words) & {"kostar", "kostade", "kostat",
                                                          "costs", "cost"}:
        # "vad kostar KF 2026?": the plan has Kommunstyrelsen's budget, not fullmäktige's own
        # (its frame for KS is another question); not KS's overview as if it were KF's
        return Unknown(text=q.raw, kind="verksamhet", about="kommunfullmäktige", unsure=True)
    if q.phrase(*_AGAINST_FRAME):
        # "hur mycket över ramen ligger vi 2026?": the net against KF's frame, the frame first
        # (it was the year's deviations: "Inget utfall redovisat för 2026")
        focus = "budget"
    # "skillnad mellan intäkter och kostnader 2026"; "hur stor är budgetramen?": KF's frame
    return BudgetOverview(year=y, focus=focus, frame=focus == "budget" and any(
        w.startswith(("budgetram", "ram")) for w in q.classes["budget"]),
                          row=whole_row(q) if focus == "budget" else None)


# the budget against KF's frame: "över ramen", "inom ramen"
_AGAINST_FRAME = ("over ramen", "under ramen", "inom ramen", "utanfor ramen", "over budgetramen",
                  "under budgetramen", "inom budgetramen", "over ram", "mot ramen")


# a row of the whole budget by its word: "intäkterna 2026", "vad är kostnaderna för ks?"
_WHOLE_ROWS = {"intakt": "Intäkter", "kostnad": "Kostnader", "nettokostnad": "Nettokostnad"}


def whole_row(q: Query) -> str | None:
    """The one row of the whole budget a question names (Intäkter, Kostnader), else None
    ("intäkter och kostnader 2026" names both: the overview shows them)."""
    named = {_WHOLE_ROWS[s] for w in q.words if (s := stem(w)) in _WHOLE_ROWS}
    return named.pop() if len(named) == 1 else None


# a sum word, or the plan itself ("hur många uppdrag har vi i planen?"), asked of the uppdrag
# or the indicators: no budget question
_SUM_WORDS = frozenset({"total", "totalt", "totala", "sammanlagt", "summa", "summan", "tot",
                        "plan", "planen"})
_RECENT_PHRASES = ("vad har hant", "vad ar nytt", "vad har gjorts", "nyheter", "nytt sedan",
                   "senaste uppdateringar", "senaste uppdateringarna", "har uppdaterats",
                   "har rapporterat", "nya uppdateringar", "vad har hant sedan",
                   "uppdaterats nyligen", "uppdaterade nyligen", "nyligen uppdaterade",
                   "uppdaterats pa sistone", "uppdaterats sistone", "recently updated",
                   "senaste uppdateringen", "senaste uppdatering", "latest update", "last update")


def _latest_one(q: Query) -> bool:
    """"vem uppdaterade senast?", "senaste uppdateringen?": the latest update asked, not a
    list ("senaste uppdateringarna") nor a window ("vad har hänt den senaste månaden?")."""
    if set(q.words) & {"uppdateringar", "uppdateringarna", "updates", "rapporter", "rapporterna"}:
        return False
    time = set(q.classes.get("time", []))
    return any(w in ("senast", "senaste", "last", "latest") and not (
        q.words[i + 1: i + 2] and (q.words[i + 1] in time or q.words[i + 1].isdigit()))
        for i, w in enumerate(q.words))


def _recent_days(q: Query) -> int:
    """How far back "vad har hänt" looks: "sedan förra veckan" 7, "senaste månaden" 30."""
    n = _days_in(q)
    if n:
        return n
    if q.phrase("forra veckan", "senaste veckan", "sista veckan", "i veckan", "denna vecka"):
        return 7
    if q.phrase("forra manaden", "senaste manaden", "sista manaden"):
        return 30
    return 14


_USER = re.compile(rf"{PERSON_TOKEN}|\b([UW][0-9A-Z]{{6,}})\b")


def _owner(q: Query) -> str | None:
    """Whose uppdrag: a person named (their token, bot/core/mentions.py, or an ID typed:
    "U0SAMHBYGG") or the asker ("mina")."""
    m = _USER.search(q.raw)
    if m:
        return m.group(1) or m.group(2)
    if q.has("mine") and q.has("uppdrag"):
        return ME
    return None


_MOVED: dict[str, Literal["bättre", "sämre", "upp", "ned"]] = {
    "forbattrats": "bättre", "forbattrat": "bättre", "forbattrades": "bättre",
    "battre": "bättre", "forsamrats": "sämre", "forsamrat": "sämre", "forsamrades": "sämre",
    "samre": "sämre", "okar": "upp", "okat": "upp", "okade": "upp", "minskar": "ned",
    "minskat": "ned", "minskade": "ned", "improved": "bättre", "worse": "sämre",
    # the present and other forms: "vilka indikatorer försämras?", "… stiger?"
    "forsamras": "sämre", "forsamrar": "sämre", "forbattras": "bättre", "forbattrar": "bättre",
    "stiger": "upp", "stigit": "upp", "steg": "upp", "sjunker": "ned", "sjunkit": "ned",
    "sjonk": "ned"}
_FREQUENCIES = {"manatligen": "månatligen", "manadsvis": "månatligen", "arligen": "årligen",
                "halvarsvis": "halvårsvis", "kvartalsvis": "kvartalsvis", "varje manad": "månatligen",
                "varje ar": "årligen", "en gang om aret": "årligen"}


def _most_moved(q: Query) -> bool:
    """"… förbättrats mest?", "… ökat mest": the one that moved most is asked ("sämst
    utveckling": the one that worsened most)."""
    return bool(set(q.words) & {"mest", "most"}) and any(w in _MOVED for w in q.words) or \
        _best_or_worst(q) is not None


def _best_or_worst(q: Query) -> Literal["bättre", "sämre"] | None:
    """"vilken indikator har sämst utveckling?", "… har utvecklats bäst?": the one that got
    worse or better the most (BEST and WORST of the parse)."""
    if not any(w.startswith("utveckl") for w in q.words):
        return None
    said = set(q.words)
    return "bättre" if said & BEST else "sämre" if said & WORST else None


def _list_filter(q: Query) -> tuple[Literal["bättre", "sämre", "upp", "ned"] | None, str | None]:
    """"vilka indikatorer har förbättrats?", "… mäts månatligen?": how the list of indicators
    is filtered by what their values did, or how often they are measured; only when the
    message names nothing else."""
    if not _plural_indicators(q) and not q.has("list") and not (
            q.has("indikator") and _most_moved(q)):
        return None, None  # ("vilken indikator har förbättrats mest?": the list, ranked)
    developed = _best_or_worst(q)
    moved = next((_MOVED[w] for w in q.words if w in _MOVED), None) or developed
    frequency = next((f for p, f in _FREQUENCIES.items() if q.phrase(p)), None)
    rest = [w for w in q.core if w not in _FILTER_STEMS
            and not (developed and (w.startswith("utveckl") or w == "haft"))]
    return (moved, frequency) if not rest else (None, None)


_WHICH_AREA = ("vilket malomrade", "vilken malomrade", "vilket av malomradena", "i vilket malomrade",
               "which goal area", "vilket omrade", "under vilket malomrade")
_AREA_FRAME = frozenset(stem(w) for w in ("handlar", "galler", "tillhor", "ror", "hor", "ligger",
                                          "finns", "omfattar", "innefattar", "tar", "upp"))


def _which_area(q: Query, snap: Snapshot) -> int | None:
    """"vilket målområde handlar om ekonomi?", "… om företagen?": the målområde of the topic,
    read from what the topic names (an uppdrag's or an indicator's målområde, or a
    målområde itself), else from the one målområde whose name and strategic goals hold the
    topic's words (a budget word counts: "ekonomi" is målområde 4's "ekonomisk
    hushållning"); None when no topic is given, or two målområden tie."""
    if not q.phrase(*_WHICH_AREA) or malomrade_number(q) is not None or uppdrag_key(q) is not None:
        return None
    topic = [w for w in dict.fromkeys([*q.core, *(stem(w) for w in q.classes.get("budget", []))])
             if w not in _AREA_FRAME and len(w) >= 4]
    if not topic:
        return None
    hits = [m for m in snap.index.search(topic, kinds={"malomrade", "uppdrag", "indikator"}, limit=3)
            if m.coverage >= 0.5 and not [w for w in topic if w not in m.matched]]
    if hits:
        e = hits[0].entry
        if e.kind == "malomrade":
            return int(e.key)
        row = snap.uppdrag_by_key.get(e.key) if e.kind == "uppdrag" else snap.ind_by_slug.get(e.key)
        if row is not None and row.get("malomrade") is not None:
            return int(row["malomrade"])
    scores = []
    for m in snap.malomraden:
        own = content_words(" ".join(str(m.get(k) or "") for k in ("name", "short", "goals")))
        scores.append((sum(any(o.startswith(w) for o in own) for w in topic), int(m["number"])))
    scores.sort(reverse=True)
    if not scores or scores[0][0] == 0 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return scores[0][1]


def _source_asked(q: Query, snap: Snapshot) -> str | None:
    """"vilka indikatorer mäts av SCB?", "indikatorer från Arbetsförmedlingen": the source a
    list of indicators is asked by, as the indicators write it; only when the rest of the
    message says no more than where the figures come from."""
    if not _plural_indicators(q):
        return None
    names: dict[str, str] = snap.memoised("indicator_sources", None, lambda: {
        fold(w): w for i in snap.indikatorer for w in re.findall(r"[\w:]+", i.get("source") or "")
        if len(w) >= 3 and not w.islower()})  # the names: "SCB", "Unit4", not "egen"
    said = [names[w] for w in q.words if w in names]
    rest = [w for w in q.core if w not in _SOURCE_WORDS and w not in {fold(n) for n in said}
            and stem(w) not in {stem(fold(n)) for n in said}]
    if len(said) == 1 and rest:
        # a source of two words, one a name: "svensk mäklarstatistik" is the source
        # "Svensk mäklarstatistik" (its "mäklarstatistik" no name of its own)
        whole = next((src for i in snap.indikatorer if (src := i.get("source") or "")
                      and said[0] in re.findall(r"[\w:]+", src) and all(
                          any(stem(fold(x)) == w or fold(x) == w
                              for x in re.findall(r"[\w:]+", src)) for w in rest)), None)
        return whole
    return said[0] if len(said) == 1 and not rest else None


_SOURCE_WORDS = frozenset(stem(w) for w in ("mats", "mäts", "kalla", "kallan", "kallor", "kommer",
                                            "hamtas", "levereras", "rapporteras", "data"))


# the words of a link between an indicator and an uppdrag ("saknar kopplat uppdrag")
# time spent on a thing: the plan records none ("hur många timmar har lagts på 5.2?")
_HOURS = frozenset({"timmar", "timme", "arbetstimmar", "arbetstid", "mantimmar", "tidsatgang",
                    "hours", "timmarna"})
_LINKED = frozenset(stem(w) for w in ("kopplat", "kopplad", "kopplade", "koppling", "kopplingar"))
# a colour as a thing an indicator lacks: "vilka indikatorer saknar färg?"
_COLOUR_STEMS = frozenset(stem(w) for w in ("farg", "fargen", "farger", "colour", "color"))
# an uppdrag and an indicator linked: "vilka uppdrag är kopplade till sjukfrånvaron?",
# "vilka indikatorer hör till 5.3?", "vilket uppdrag följs upp med arbetslösheten?"
_LINKS = ("kopplat", "kopplad", "kopplade", "kopplas", "koppling", "kopplingen", "kopplingar",
          "kopplat till", "hor till", "hor ihop", "horande", "foljs upp med", "foljer upp",
          "mats med", "mats av", "linked", "tied", "knutna", "knuten", "knutet")
_FILTER_STEMS = frozenset(stem(w) for w in (*_MOVED, *(w for p in _FREQUENCIES for w in p.split()),
                                           "blivit", "mats", "mäts", "gatt", "utvecklats",
                                           "mest", "most"))
_PER_STATUS = ("per status", "varje status", "efter status", "statusfordelning",
               "statusfordelningen", "fordelning per status", "fordelningen per status",
               "fordelning av uppdragen", "fordelningen av uppdragen", "by status")
# two målområden named: "målområde 4 och 5", "målområdena 1 och 2"
_AREAS = re.compile(r"\b(?:malomrade\w*|omrade\w*)\s+\d\s*(?:och|o|,|&|samt|resp|mot|and|"
                    r"(?:jamfort|jamfor)\s+med)\s*(?:(?:malomrade\w*|omrade\w*)\s+)?\d\b")
_PER_AREA = ("per malomrade", "i varje malomrade", "per omrade", "i varje omrade",
             "for varje malomrade", "fordelade pa malomraden", "i respektive malomrade",
             "per malomraden")
_MEETING = frozenset({"sammantrade", "sammantradet", "sammantraden", "sammantrader", "mote",
                      "motet", "moten", "traffas", "meeting", "meets"})


# the follow-up's own reports, named ("årsredovisningen", "delårsrapporten"), folded starts
_REPORTS = ("arsredovisning", "verksamhetsberattelse", "delarsrapport", "delarsbokslut",
            "bokslutet", "budgetbeslut", "manadsrapport", "uppfoljningsrapport", "tertialrapport")


def _report_asked(q: Query, text: str) -> str | None:
    """"när kommer årsredovisningen?", "när ska verksamhetsberättelsen 2026 vara klar?": when a
    report of the follow-up comes, asked without "uppdrag": the report as typed."""
    if not q.phrase("nar", "when", "vilket datum", "vilken dag") or q.has("uppdrag") or \
            uppdrag_key(q) is not None:
        return None
    for i, w in enumerate(q.words):
        if w.startswith(_REPORTS):
            typed = re.findall(r"\w+", text.lower())
            return typed[i] if len(typed) == len(q.words) else w
    return None


def _meeting_asked(q: Query) -> str | None:
    """"när är nästa KF-sammanträde?", "när sammanträder KS?": when a meeting is, asked
    without "uppdrag", "redovisas" or "vad ska till": the body's name (or "")."""
    words = set(q.words)
    if (not words & _MEETING and not (q.has("ks", "kf") and "nasta" in words and len(words) <= 5)) \
            or q.words[0] not in ("nar", "when", "vilket", "vilken") or \
            q.has("uppdrag", "status", "late") or words & {"redovisas", "redovisa", "ska", "tas"}:
        return None
    return "KS" if q.has("ks") else ("KF" if q.has("kf") else "")


_AGENDA = frozenset(stem(w) for w in ("besluta", "beslutar", "beslutas", "behandla",
                                       "behandlar", "behandlas", "tar", "tas", "upp", "fatta",
                                       "fattar", "ta", "uppe", "agendan", "dagordningen",
                                       # "vad ska KS ta ställning till i april?"
                                       "stallning", "stallningstagande", "diskutera",
                                       "diskuteras", "godkanna", "godkanns"))


# "vilka uppdrag ska till KS två gånger?": those with two dates or more
_TWICE = ("tva ganger", "flera ganger", "mer an en gang", "tva tillfallen", "flera tillfallen",
          "tva datum", "flera datum", "twice", "tva redovisningar", "flera redovisningar",
          "tva deadlines", "flera deadlines", "tva avstamningar", "flera avstamningar",
          # "vilka uppdrag har två KS-datum?"
          "tva ks datum", "flera ks datum", "tva kf datum", "tva ks moten", "flera ks moten",
          # "vilket uppdrag har flest deadlines?": those with more than one (two at most here)
          "flest deadlines", "flest datum", "flest redovisningar", "flest avstamningar",
          "flest ks datum", "mest redovisningar")
_TWICE_WORDS = frozenset(stem(w) for w in ("tva", "flera", "ganger", "gang", "tillfallen",
                                            "datum", "twice", "mer", "en", "redovisningar",
                                            "deadlines", "avstamningar", "moten", "flest",
                                            "mest"))


# a comparison asked with nothing named: "skillnad?", "vad är skillnaden?", "jämför"
_COMPARE_ALONE = frozenset({"skillnad", "skillnaden", "skillnader", "diff", "diffen", "jamfor",
                            "jamfora", "jamforelse", "jamforelsen", "compare", "difference"})
_COMPARE_FILL = frozenset({"vad", "ar", "blir", "den", "det", "pa", "da", "och", "en", "gor",
                           "visa", "kan", "du", "the", "what", "is", "tack", "snalla"})


# a decision's verbs: who decided a thing is not who is responsible for it
_DECIDED = frozenset({"beslutade", "beslutat", "beslutats", "beslutades", "beslot", "antog",
                      "antagit", "antogs", "fattade", "fattat", "decided", "approved"})
# a vote: the plan holds none ("vem röstade emot …?", "blev det reservation?")
_VOTED = frozenset({"rostade", "rostat", "rostar", "rostning", "rostningen", "reserverade",
                    "reservation", "reservationer", "voted", "vote"})


# what is left of or spent from the budget so far: "kvar", "förbrukat", "hittills"
_REMAINDER = frozenset({"kvar", "aterstar", "aterstaende", "resterande", "forbrukat",
                        "forbrukats", "forbrukad", "forbrukade", "anvants", "anvant", "hittills",
                        "remaining", "left", "spent"})
_REMAINDER_STEMS = frozenset(stem(w) for w in _REMAINDER)


# uppdrag counted per person: "vem har flest uppdrag?", "hur många uppdrag har var och en?"
_PER_OWNER = ("per ansvarig", "per person", "per chef", "varje ansvarig", "varje person",
              "var och en", "vem har flest", "vem ager flest", "vem ansvarar for flest",
              "vem har mest", "vem har mest uppdrag", "vilka har flest",
              "who has the most", "who owns the most", "per owner", "who owns most",
              "who has most")
_PER_OWNER_STEMS = frozenset(stem(w) for p in _PER_OWNER for w in p.split())


def per_owner(q: Query) -> bool:
    """Uppdrag counted per person asked ("vem har flest uppdrag?", "hur många uppdrag har
    varje ansvarig?"); not "vilken månad har flest uppdrag?", nor those without an owner."""
    if q.has("without") or q.has("month") or set(q.words) & {"manad", "manader", "month"}:
        return False
    return q.phrase(*_PER_OWNER) or (q.has("owner") and q.phrase("hur manga", "antal")
                                     and q.phrase("varje", "var och en", "per", "each"))


def _not_kf(q: Query) -> bool:
    """The indicators not reported to KF asked ("… rapporteras inte till KF")."""
    return q.has("kf") and q.phrase("inte", "ej", "inte till", "not")


def _to_kf(q: Query) -> bool:
    """Only the indicators reported to KF asked ("… rapporteras till KF")."""
    return q.has("kf") and not _not_kf(q)


def _occasion(q: Query, row: dict[str, Any] | None) -> str | None:
    """"när är omvärldsdagen?": the word of an uppdrag's tidplan the question names (all its
    content words are the tidplan's, none its title's or description's); its date is asked,
    which the tidplan does not give. None otherwise."""
    if row is None or not row.get("tidplan") or not q.core:
        return None
    said = {stem(fold(w)): w for w in re.findall(r"\w+", row["tidplan"]) if not w.isdigit()}
    own = {stem(fold(w)) for w in re.findall(r"\w+", f"{row.get('title') or ''} "
                                              f"{row.get('description') or ''}")}
    if any(c not in said or c in own for c in q.core):
        return None
    # the user's own word ("omvärldsdagen"), else the tidplan's
    return " ".join(q.content) if len(q.content) == len(q.core) else \
        " ".join(said[c] for c in q.core)


_FIXED_STEMS = frozenset(stem(w) for w in ("fast", "fasta", "bestamd", "bestamt", "bestamda",
                                           "exakt", "exakta", "specifikt", "specifik",
                                           "konkret", "konkreta", "satt", "utsatt", "angivet"))


_BEFORE_BODY = ("fore ks", "innan ks", "fore kf", "innan kf", "before ks", "before kf",
                "fore kommunstyrelsen", "innan kommunstyrelsen", "fore nasta ks",
                "innan nasta ks", "fore fullmaktige", "innan fullmaktige")


def _uppdrag_list(q: Query, today: dt.date, snap: Snapshot, best: Match | None
                  ) -> UppdragList | None:
    """Lists of uppdrag; only when the message names no particular thing (or a målområde)."""
    if q.has("uppdrag") and not q.core and set(q.words) & (WORST | BEST | {"daligt"}) and \
            q.phrase("gar", "gick", "ligger") and not q.has("indikator", "budget"):
        # "vilket uppdrag går sämst?": the late, the longest late first; "… går bäst?": the
        # done (it was every uppdrag)
        if set(q.words) & (WORST | {"daligt"}):
            return UppdragList(malomrade=malomrade_number(q), late=True, most_late=True)
        return UppdragList(malomrade=malomrade_number(q), status=Status.KLAR)
    if q.has("uppdrag") and per_owner(q) and not [w for w in q.core if w not in _PER_OWNER_STEMS]:
        # "vem har flest uppdrag?", "uppdrag per ansvarig": counted per person
        return UppdragList(malomrade=malomrade_number(q), by_owner=True, status=status(q),
                           late=q.has("late"))
    area: int | None = None
    # "vad ska KS besluta om i mars?": the verbs of a meeting's agenda name nothing (not 1.2's
    # "beslutad plan"), when the meeting is named
    twice = q.phrase(*_TWICE)
    # "vilket uppdrag ska redovisas sist?", "första deadline": the first or last date asked
    # ("första halvåret", "sista kvartalet" are periods, not the first date in them)
    extreme = _EXTREME.get(next((w for i, w in enumerate(q.words) if w in _EXTREME and not (
        q.words[i + 1: i + 2] and q.words[i + 1].startswith(_PERIOD_HEADS))), ""))
    if extreme and not (q.has("uppdrag", "deadline", "ks", "kf") and (
            q.has("deadline", "ks", "kf") or asks_when(q.text) or
            q.phrase("redovisas", "klart", "klar", "klara"))):
        extreme = None
    core = [w for w in q.core if not (w in _AGENDA and q.has("ks", "kf"))
            and not (extreme and w in _EXTREME)
            and not (twice and w in _TWICE_WORDS)
            and not (w == "tid" and q.phrase("i tid"))  # "ligger i tid": no thing named
            # "vem uppdaterade senast?": who is asked of the updates, no thing named
            and not (w in ("vem", "who") and q.has("silent") and q.has("time"))
            # "vilka uppdrag har ingen fast KS-tidpunkt?": a date missing, however it is put
            and not (w in _FIXED_STEMS and q.has("deadline") and q.has("without"))]
    if q.phrase(*_BEFORE_BODY) and not [w for w in core if w not in ("before", "due")] and \
            not q.has("month", "indikator", "budget") and not re.search(r"\d", q.text):
        # "vad ska vara klart före KS?", "what's due before KS?": what is due to that body
        # next, not the uppdrag already done
        return UppdragList(due_from=today, due_to=today + dt.timedelta(days=30),
                           period="de närmaste 30 dagarna", body="KF" if q.has("kf") else "KS",
                           malomrade=malomrade_number(q))
    if core:
        if best is None or best.entry.kind != "malomrade":
            return None
        area = int(best.entry.key)
    area = malomrade_number(q) if area is None else area
    about = q.has("uppdrag")
    owner = _owner(q)
    if owner is not None and (about or q.has("owner")):
        return UppdragList(owner=owner, malomrade=area, status=status(q))
    body = "KS" if q.has("ks") else ("KF" if q.has("kf") else None)
    t = " ".join(q.words)
    without = q.has("without")
    if q.has("deadline") and without and about and not core:
        return UppdragList(no_deadline=True, malomrade=area)  # "vilka uppdrag saknar deadline?"
    # "vilka ansvariga har försenade uppdrag?", "vem har försenade uppdrag?": the late ones,
    # with their owners (not every uppdrag's owner)
    late_owned = q.has("late") and about and not q.phrase("inte", "ej", "not")
    if (q.has("owner") or (late_owned and q.phrase("vem har", "who has"))) and not q.core:
        if without:
            return UppdragList(no_owner=True, malomrade=area)
        if about or q.phrase("vem ar", "vilka ar", "vem har", "vilka har"):
            return UppdragList(malomrade=area, with_owners=True, late=late_owned)
    late = q.has("late") or q.phrase("ligger efter", "halkat efter", "efter tidplan",
                                     "efter planen", "inte klara i tid", "inte klart i tid")
    late_words = set(q.classes.get("late", []))
    if (late and any(w in late_words and any(x in ("inte", "ej", "not") for x in
                                             q.words[max(0, i - 2):i])
                     for i, w in enumerate(q.words))) or (
            not late and q.phrase("i tid", "enligt tidplan", "on time", "on track")
            and not q.has("deadline", "owner") and not core):
        # "vilka uppdrag är inte försenade?", "vilka uppdrag ligger i tid?": those not late
        # (not the late ones the word names)
        return UppdragList(on_time=True, malomrade=area)
    if late and not (q.has("silent") and without):
        # "vilket uppdrag är mest försenat?", "längst efter": the longest late first
        return UppdragList(late=True, malomrade=area, most_late=q.phrase(
            "mest", "langst", "varst", "most", "mest sen", "senast ute"))
    if q.has("silent") and (without or "tyst" in t or "tysta" in t or "inaktiv" in t
                            or "stillastaende" in t or "bortglomda" in t):
        return UppdragList(silent_days=_days_in(q) or 60, malomrade=area)
    if q.phrase(*_RECENT_PHRASES) or (q.has("silent") and q.has("time") and not without):
        # "vem uppdaterade senast?" asks the latest one (not "senaste uppdateringarna": a list)
        return UppdragList(recent_days=_recent_days(q), malomrade=area,
                           latest_asked=_latest_one(q))
    st = status(q)
    # "vilka uppdrag ska vara klara snart?", "… e klara snart": those due soon
    soon = st == Status.KLAR and q.phrase("snart", "framover", "inom kort", "soon")
    if st == Status.KLAR and about and not q.has("deadline") and not soon and not q.phrase(
            "ska", "skall", "bli", "vara", "blir", "nar"):
        # "vilka uppdrag är klara i år?": those done, not those due this year
        return UppdragList(status=Status.KLAR, malomrade=area)
    per = period(q, today, snap.plan_year)
    if twice and snap.uppdrag:
        # "vilka uppdrag ska till KS två gånger?": those with two dates or more (to that body)
        dated = tuple(u["key"] for u in snap.uppdrag
                      if len({d["date"] for d in snap.deadlines.get(u["key"], []) if d["date"]
                              and (body is None or d["body"] == body)}) >= 2)
        return UppdragList(keys=dated, search="två datum eller fler" + (
            f" till {body}" if body else ""), malomrade=area)
    # "vad ska upp på ks?", "inför ks", "nästa ks?": what is due to that body
    due = q.has("deadline") or (body is not None and (per is not None or q.phrase(
        "ska till", "till ks", "till kf", "ska upp", "upp pa ks", "upp pa kf", "infor ks",
        "infor kf", "nasta ks", "nasta kf", "ska ks ha", "ska kf ha", "ska ks fa", "ska kf fa",
        "far ks", "far kf") or len(core) < len(q.core))) or soon
    if per and per[2].isdigit() and not (about or due or q.has("status", "late")):
        per = None  # "och 2027?" with nothing before it: a year alone is no list of uppdrag
    money = q.has("budget") and not all(w in _SUM_WORDS for w in q.classes["budget"])
    # "vilka mål har ks för 2026?": the goals, not the uppdrag due to KS that year
    goals = q.has("goal") and not q.has("uppdrag", "deadline", "status", "late")
    if extreme and not goals and not q.has("indikator"):
        # the whole plan year's dates (or the period's), the first or the last named first
        lo, hi, said = per or (dt.date(snap.plan_year or today.year, 1, 1),
                               dt.date(snap.plan_year or today.year, 12, 31),
                               str(snap.plan_year or today.year))
        return UppdragList(due_from=lo, due_to=hi, period=said, body=body, malomrade=area,
                           extreme=extreme)
    if per and not money and not goals and not q.has("indikator", "avvikelse", "investering",
                                                     "maluppfyllelse"):
        apart = months_apart(q)
        return UppdragList(due_from=per[0], due_to=per[1], period=per[2], body=body,
                           malomrade=area, months=apart,
                           every_month=bool(apart) and q.phrase("bade", "both"))
    if due and not goals and not q.has("indikator"):
        return UppdragList(due_from=today, due_to=today + dt.timedelta(days=30),
                             period="de närmaste 30 dagarna", body=body, malomrade=area)
    if st == Status.KLAR and q.words[:1] == ("nar",):
        # "när ska uppdragen vara klara?": their dates, not the list of those done ("när ska
        # verksamhetsberättelsen vara klar?" is no list at all)
        return UppdragList(malomrade=area) if about else None
    if st is not None and (about or not q.has("indikator")):
        if st == Status.FORSENAD:
            return UppdragList(late=True, malomrade=area)
        return UppdragList(status=st, malomrade=area)
    if about and area is not None:
        return UppdragList(malomrade=area)
    if about and not q.core and malomrade_number(q) is None and not q.has("indikator"):
        return UppdragList()
    return None


# the commands this matcher gives: `hjälp` shows their static examples only where they still
# parse to their own command in the live data
QUESTIONS: frozenset[type[Command]] = frozenset({
    Help, Unknown, UppdragCard, UppdragList, IndikatorCard, IndikatorList, MalomradeView,
    MalomradeList, BudgetVerksamhet, BudgetOverview, Investering, MaluppfyllelseView, ArshjulView})
