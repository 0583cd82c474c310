"""Where the answers come from: "varifrån kommer datan?", "vilka dokument bygger du på?".

The documents imported (each with its kind and year, and when it was read in), how many
measurements the store holds by where they came from (the import, chat, Kolada) with the
demo values among them said as such, the latest measurement's date, and the progress updates
posted in chat. A user who is to trust a figure may ask what it rests on; the answer is the
store's own account, not a sentence about the bot.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, ClassVar

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context
from bot.core.patterns import lazy  # compiled when first used (cold start)
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot
from bot.domain.text import fold
from store import queries as q


@dataclass(frozen=True, kw_only=True)
class Kallor(Command):
    name: ClassVar[str] = "källor"


@dataclass(kw_only=True)
class KallorResult(r.Result):
    template: ClassVar[str] = "kallor.j2"
    documents: list[dict[str, Any]]  # title, kind, year, imported (a date), files
    measurements: int
    by_origin: list[tuple[str, int]]  # ("import", 17) … in a fixed order
    demo: int  # of the imported: made-up values of the demo
    last_measured: dt.date | None
    updates: int
    updates_last: dt.datetime | None


_ORIGINS = ("import", "chat", "kolada")
_KINDS = {"uppdragsplan": "uppdragsplan", "verksamhetsberattelse": "verksamhetsberättelse",
          "verksamhetsplan": "verksamhetsplan", "styrmodell": "styrmodell", "program": "program",
          "ovrigt": "övrigt"}


@register(Kallor, title="Källor",
          help="Vilka dokument svaren bygger på och när de lästes in, hur många mätvärden som "
               "finns och varifrån (import, chatten, Kolada), och senaste mätningen.",
          examples=("varifrån kommer datan?", "vilka dokument bygger du på?"))
def answer_kallor(cmd: Kallor, ctx: Context) -> r.Result:
    docs = [{"title": d["title"], "kind": _KINDS.get(d["kind"], d["kind"]), "year": d["year"],
             "imported": dt.datetime.fromisoformat(d["imported_at"]).date(),
             "files": json.loads(d["sources_json"] or "[]")}
            for d in q.documents(ctx.store)]
    # the plans and reports first, the newest first; then the documents of no year
    docs.sort(key=lambda d: (d["year"] is None, -(d["year"] or 0)))
    for d in docs:
        if fold(d["kind"]) in fold(d["title"]):
            d["kind"] = None  # "Uppdragsplan 2026" says what it is
    summary = q.data_summary(ctx.store)
    by = summary["measurements"]
    lasts = [str(row["last"])[:10] for row in by.values() if row["last"]]
    up_last = summary["updates_last"]
    return KallorResult(
        documents=docs, measurements=sum(row["n"] for row in by.values()),
        by_origin=[(o, by[o]["n"]) for o in _ORIGINS if o in by],
        demo=int(by["import"]["demo"] or 0) if "import" in by else 0,
        last_measured=dt.date.fromisoformat(max(lasts)) if lasts else None,
        updates=summary["updates"],
        updates_last=dt.datetime.fromisoformat(up_last) if up_last else None)


# the whole message asks what the answers rest on, folded: "varifrån kommer datan?",
# "vad bygger svaren på?", "vilka dokument har du?", "hur färsk är datan?", "källor?"
_DATA = r"(?:datan|data|siffrorna|uppgifterna|informationen|svaren|underlaget|statistiken)"
_ASKS = lazy(
    r"(?:och\s+)?(?:"
    r"(?:vilka\s+)?(?:kallor|kallorna|kallhanvisningar?)(?:\s+(?:har\s+du|anvander\s+du|bygger\s+du\s+pa))?"
    r"|(?:varifran|varfran|var)\s+(?:kommer|far\s+du|hamtar\s+du|har\s+du\s+fatt)\s+" + _DATA
    + r"(?:\s+ifran|\s+fran)?"
    r"|(?:varifran|varfran|var)\s+(?:har\s+du|far\s+du|hamtar\s+du)\s+(?:allt|det|siffrorna|datan)"
    r"(?:\s+ifran|\s+fran)?"
    r"|vad\s+(?:bygger|grundar)\s+(?:du|svaren|siffrorna|datan)\s+(?:sig\s+)?pa"
    r"|vilka\s+(?:dokument|planer|underlag)\s+(?:finns(?:\s+inlasta)?|har\s+du(?:\s+last)?|"
    r"bygger\s+(?:du|svaren)\s+pa|ar\s+inlasta|kan\s+du)"
    r"|hur\s+(?:gammal|farsk|aktuell|ny)\s+ar\s+" + _DATA
    + r"|nar\s+(?:uppdaterades|lastes)\s+(?:datan|siffrorna|matvardena|dokumenten|planen)(?:\s+in)?(?:\s+senast)?"
    r"|where\s+does\s+the\s+data\s+come\s+from|what\s+are\s+your\s+sources"
    r")\W*")


def match_kallor(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """"varifrån kommer datan?", "vilka dokument bygger du på?": the store's sources."""
    if len(text) > 80 or _ASKS.fullmatch(fold(text).strip()) is None:
        return None
    return Kallor()
