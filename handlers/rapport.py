""""rapport delår 2026" in chat: admins and leadership get the follow-up report as a Word
document in the conversation.

The result carries the document as an attachment (bot.core.results.Attachment); each
platform sends it its own way (Slack uploads it with the answer's words as its comment),
and the terminal, which sends no files, shows the command that writes it (a typed hint).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context, UserError
from bot.core.permissions import admins, leaders
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot

_RAPPORT = re.compile(
    r"^\s*(?:ge mig |skicka |gör |skriv )?(?:uppföljnings)?rapport(?:en)?\s+(?:för\s+)?"
    r"(?:(?P<p1>t1|t2|tertial\s*[12]|delår\w*|delar\w*|helår|helar|bokslut)\s*(?P<y1>\d{4})?"
    r"|(?P<y2>\d{4})\s*(?P<p2>t1|t2|tertial\s*[12]|delår\w*|delar\w*|helår|helar|bokslut)?)\s*[.!?]?\s*$",
    re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class Rapport(Command):
    name: ClassVar[str] = "rapport"
    year: int | None = None
    period: str = "helår"


@dataclass(kw_only=True)
class RapportResult(r.Result):
    template: ClassVar[str] = "rapport.j2"
    title: str
    uppdrag: int
    aktiviteter: int
    indikatorer: int
    charts: int
    deviations: int
    command: str  # the same report from the terminal
    file: r.Attachment | None = None

    def attachments(self) -> list[r.Attachment]:
        return [self.file] if self.file is not None else []


def parse_rapport(text: str) -> Rapport | None:
    m = _RAPPORT.match(text.strip())
    if m is None:
        return None
    from bot.documents.report import period_name

    per = (m.group("p1") or m.group("p2") or "helår").replace(" ", "").lower()
    if per.startswith(("delår", "delar")):
        per = "delår"
    per = {"tertial1": "T1", "tertial2": "T2"}.get(per, per)
    year = m.group("y1") or m.group("y2")
    return Rapport(year=int(year) if year else None, period=period_name(per))


def match_rapport(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    return parse_rapport(text)


def _allowed(ctx: Context) -> bool:
    lead = leaders(ctx)
    return ctx.user is not None and (ctx.user in admins(ctx) or ctx.user in lead
                                     or (ctx.channel is not None and ctx.channel in lead))


@register(Rapport, title="Rapport till KS",
          help="Admins och ledningen får uppföljningen (T1, T2, delår eller helår) som Word-dokument: "
               "uppdrag, aktiviteter, indikatorer med diagram och budgetavvikelser per målområde.",
          examples=("rapport delår 2026", "rapport T1 2026"))
def answer_rapport(cmd: Rapport, ctx: Context) -> r.Result:
    if not _allowed(ctx):
        raise UserError("Rapporten är för administratörer och ledningen. Be en administratör, "
                        "eller kör 'styrbot rapport ÅR --period … --out FIL.docx' i terminalen.")
    from bot.documents.report import ReportError, file_name, write_report

    year = cmd.year or ctx.snap.plan_year or ctx.today.year
    try:
        info = write_report(ctx.store, year, cmd.period, ctx.now)
    except ReportError as exc:
        raise UserError(str(exc)) from exc
    name = file_name("", year, cmd.period)
    return RapportResult(
        title=info.title, uppdrag=info.uppdrag, aktiviteter=info.aktiviteter,
        indikatorer=info.indikatorer, charts=info.charts, deviations=info.deviations,
        command=f"styrbot rapport {year} --period {cmd.period} --out {name}",
        file=r.Attachment(name, info.title, info.data, alt=info.title))
