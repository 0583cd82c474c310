"""Chat answers from Kolada: where the municipality ranks against its relative strategic
goals ("hur ligger vi till mot 25 %-målet för skolan?", "vilka strategiska mål når vi?",
"hur rankas vi i företagsklimat?"). Every answer with values ends "Källa: Kolada".

`match_kolada` recognises the questions before the read-only questions' matcher
(handlers/__init__.py MATCHERS); which goal the words name is decided by the answer, which has
the plan's goals. The goals' standing is bot/kolada/standing.py (also read by the målområde
card and the weekly digest).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field
from typing import ClassVar

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context
from bot.core.matching import content_words
from bot.core.patterns import lazy  # compiled when first used (cold start)
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot
from bot.domain.text import fold
from bot.kolada.standing import SOURCE, GoalInfo, goal_index, goal_infos, org_name

# --- commands and parsing --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class KoladaRank(Command):
    name: ClassVar[str] = "ranking"
    about: str  # the words that name the goal, as typed ("skolan", "företagsklimat")


@dataclass(frozen=True, kw_only=True)
class KoladaGoals(Command):
    name: ClassVar[str] = "strategiska mål"


_RANK = lazy(r"\b(?:rankas|rankad|rankade|rankar|rankningen|rankning|"
             r"placering|placeringen|placerar|kolada|kvartil|kvartilen)\b|\bvilken\s+plats\b")
_TOP = lazy(r"\b25\s*(?:%|procent)|\b25\s*-?\s*(?:procent)?malet|\btopp\s*25\b|"
            r"\bbasta\s+25\b|\bde\s+25\b|\bbasta\s+kvart")
_COMPARE = lazy(r"\b(?:andra|landets|alla|ovriga|sveriges)\s+kommuner(?:na)?\b|"
                r"\bbland\s+kommunerna\b|\bjamfort\s+med\s+andra\b|"
                # "hur många kommuner är bättre än oss på företagsklimat?"
                r"\bkommuner\s+(?:som\s+)?(?:ar|ligger|har)\s+(?:battre|samre|hogre|lagre)\b")
_REACH = lazy(r"\bstrategisk\w*\s+mal\w*\b.*\b(?:nar|uppfyller|klarar|uppnar|nadde|natt)\b"
              r"|\b(?:nar|uppfyller|klarar|uppnar)\s+vi\b.*\bstrategisk")
# the question's own words, which name no goal
_OWN = frozenset(content_words(
    "hur ligger vi till mot målet målen målet strategiska strategiskt mål rankas rankad rankade "
    "rankar ranking rankningen placering placeringen placerar kolada kvartil kvartilen procent "
    "procentmålet topp bästa andra landets alla övriga kommuner kommunerna jämfört når nådde "
    "uppfyller klarar uppnår står vi oss läget plats platsen bland kvart med vilken kom "
    "rankingen"))


def asks_kolada(text: str) -> bool:
    t = fold(text)
    return bool(_RANK.search(t) or _TOP.search(t) or _COMPARE.search(t) or _REACH.search(t))


def parse_kolada(text: str) -> Command | None:
    """A question about the strategic goals against all municipalities, or None. Which goal
    the words name is decided by the answer, which has the plan's goals."""
    if not asks_kolada(text):
        return None
    typed = [w for w in re.findall(r"\w+", text.lower())
             if (cw := content_words(w)) and cw[0] not in _OWN and not w.isdigit()]
    if not typed:
        return KoladaGoals()
    return KoladaRank(about=" ".join(typed))


def match_kolada(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """The matcher (MATCHERS): `parse_kolada`, which needs neither the plan nor the day."""
    return parse_kolada(text)


# money asked: a budget line's or a project's, which have no strategic goal
_MONEY_CLASSES = ("budget", "avvikelse", "investering", "uppdrag", "indikator")


def match_named_goal(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """"vad är målet för vård och omsorg till 2030?": a strategic goal asked by the words of
    its own text ("vård- och omsorgsverksamhet"), when no indicator or uppdrag answers them.
    A budget line or a project sharing the words ("Vård- och omsorgslokaler") has no goal,
    so it is not the answer; the goal is (its target, and how it is measured)."""
    from bot.core.parse import analyse
    from bot.core.trust import weak

    q = analyse(text, snap)
    if not q.has("goal") or q.has(*_MONEY_CLASSES) or not q.core or len(q.words) > 14:
        return None
    if any(m.entry.kind in ("indikator", "uppdrag", "malomrade") and m.coverage >= 0.5
           and weak(m, q, snap.index) is None for m in snap.index.search(q.core, limit=4)):
        return None  # "vad är målet för sjukfrånvaron?": the indicator's target
    areas = {m["number"] for m in snap.malomraden for g in m["goals"] or ()
             if _explains(q.core, content_words(g))}
    if len(areas) != 1:
        return None
    spans = [t.span() for t in re.finditer(r"\w+", text.lower())
             if (cw := content_words(t.group())) and cw[0] in q.core]
    if not spans:
        return None
    # the words as typed, from the first to the last ("vård och omsorg")
    return KoladaRank(about=text[spans[0][0]:spans[-1][1]].lower())


def _explains(core: list[str], said: list[str]) -> bool:
    """Every word of the question is a word of the goal's text, or the start of one of its
    compounds ("omsorg" in "omsorgsverksamhet"; "skola" in "skolverksamhet", without the
    vowel a compound drops)."""
    heads = [(w, w[:-1] if len(w) >= 5 and w[-1] in "ae" else w) for w in core]
    return all(any(s == w or (len(head) >= 4 and s.startswith(head)) for s in said)
               for w, head in heads)


# --- results and answers -----------------------------------------------------------------


@dataclass(kw_only=True)
class KoladaRankResult(r.Result):
    template: ClassVar[str] = "kolada_rank.j2"
    goal: GoalInfo | None
    about: str | None = None
    others: list[GoalInfo] = field(default_factory=list)
    source: str = SOURCE


@dataclass(kw_only=True)
class KoladaGoalsResult(r.Result):
    template: ClassVar[str] = "kolada_goals.j2"
    goals: list[GoalInfo]
    municipality: str
    source: str = SOURCE

    @property
    def measured(self) -> list[GoalInfo]:
        return [g for g in self.goals if g.linked]

    @property
    def unlinked(self) -> list[GoalInfo]:
        return [g for g in self.goals if not g.linked]

    @property
    def reached(self) -> list[GoalInfo]:
        return [g for g in self.goals if g.reached]

    @property
    def with_values(self) -> bool:
        return any(g.has_values for g in self.goals)


@register(KoladaRank, title="Ranking mot landets kommuner",
          help="Ett strategiskt mål mot alla kommuner (Kolada): värde och år, placering, "
               "värdet som krävs för topp 25 %, avståndet och trenden.",
          examples=("hur ligger vi till mot 25 %-målet för skolan?",
                    "hur rankas vi i företagsklimat?"))
def answer_rank(cmd: KoladaRank, ctx: Context) -> r.Result:
    goals = goal_infos(ctx)
    hits = goal_index(ctx).search(cmd.about, limit=3)
    key = hits[0].entry.key if hits else None
    goal = next((g for g in goals if g.key == key), None)
    return KoladaRankResult(goal=goal, about=cmd.about, others=[] if goal else goals)


@register(KoladaGoals, title="Strategiska mål mot landets kommuner",
          help="Vilka strategiska mål kommunen når: placering bland alla kommuner (Kolada).",
          examples=("vilka strategiska mål når vi?",))
def answer_goals(cmd: KoladaGoals, ctx: Context) -> r.Result:
    return KoladaGoalsResult(goals=goal_infos(ctx), municipality=org_name(ctx))


