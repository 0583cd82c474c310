"""Derived state: the current status of an uppdrag from its append-only history, the
owners and admins from the log of role changes, and an indicator's colour.

Pure functions over rows; nothing here reads the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from bot.domain.plan import Direction, Status, Target

Row = dict[str, Any]
Colour = Literal["grön", "gul", "röd"]


@dataclass
class UppdragState:
    status: Status | None = None
    percent: int | None = None
    latest: Row | None = None  # the newest effective update
    history: list[Row] = field(default_factory=list)  # every entry, oldest first
    last_update_at: str | None = None


def uppdrag_state(entries: list[Row], initial: str | None = None) -> UppdragState:
    """Fold the history: undone entries are skipped; later entries override earlier ones."""
    undone = {e["ref_id"] for e in entries if e["kind"] == "undo" and e["ref_id"]}
    st = UppdragState(status=Status(initial) if initial else None, history=list(entries))
    for e in entries:
        if e["kind"] == "undo" or e["id"] in undone:
            continue
        if e["status"]:
            st.status = Status(e["status"])
        if e["percent"] is not None:
            st.percent = e["percent"]
        st.latest = e
        st.last_update_at = e["created_at"]
    return st


def holders(events: list[Row], role: str, subject: str = "") -> list[str]:
    """Who holds ``role`` on ``subject`` after replaying the add/remove log."""
    out: list[str] = []
    for e in events:
        if e["role"] != role or e["subject"] != subject:
            continue
        if e["action"] == "add" and e["user"] not in out:
            out.append(e["user"])
        elif e["action"] == "remove" and e["user"] in out:
            out.remove(e["user"])
    return out


def holders_by_subject(events: list[Row], role: str) -> dict[str, list[str]]:
    subjects = {e["subject"] for e in events if e["role"] == role}
    return {s: h for s in sorted(subjects) if (h := holders(events, role, s))}


# --- indicators ---------------------------------------------------------------------

COLOUR_RULE = """\
Färgen för en indikator (samma regel i koden och i README):
- Mål som tal eller jämförelse (7,4 %, < 5,0 %): senaste värdet jämförs med målet.
  Uppfyllt = grön. Inte uppfyllt men bättre än utgångsläget = gul. Annars röd.
  En jämförelse anger själv vad som är bättre (< : lägre, > : högre). Vid ett tal som mål
  är högre bättre för index och medelvärden (t.ex. NKI, betyg); annars avgör utgångsläget
  riktningen (mål under utgångsläget: lägre är bättre).
- Riktning (Öka / Minska): senaste värdet jämförs med utgångsläget.
  Rätt håll = grön, oförändrat = gul, fel håll = röd.
- Bevaka: ingen färg, indikatorn bevakas bara.
- Utan mätvärde: mål som tal eller jämförelse bedöms på utgångsläget; riktningsmål får
  ingen färg förrän det finns ett mätvärde. Utan både värde och mål ingen färg.
"""

# units where a plain number target means "at least this" whatever the baseline
HIGHER_IS_BETTER_UNITS = frozenset({"index", "medelvärde"})


def _lower_is_better(target: Target, baseline: float | None, unit: str | None) -> bool:
    if target.kind == "comparison":
        return target.op in ("<", "<=")
    if unit in HIGHER_IS_BETTER_UNITS:
        return False
    return baseline is not None and target.value is not None and target.value < baseline


def improved(target: Target, latest: float | None, previous: float | None,
             baseline: float | None, unit: str | None = None) -> bool | None:
    """Whether the latest value is better than the one before it, by the target's own
    direction (None: unchanged, unknown, or an indicator only watched)."""
    if latest is None or previous is None or abs(latest - previous) < 1e-9:
        return None
    if target.kind == "direction":
        if target.direction == Direction.BEVAKA:
            return None
        return (latest > previous) == (target.direction == Direction.OKA)
    if target.kind in ("value", "comparison"):
        return (latest < previous) == _lower_is_better(target, baseline, unit)
    return None


def colour(target: Target, latest: float | None, baseline: float | None,
           measured: bool = True, unit: str | None = None) -> Colour | None:
    """The traffic light for an indicator (see COLOUR_RULE).

    ``measured`` is False when ``latest`` is only the baseline (no measurement yet).
    """
    if latest is None:
        return None
    if target.kind == "direction":
        if target.direction == Direction.BEVAKA or baseline is None or not measured:
            return None
        diff = latest - baseline
        if abs(diff) < 1e-9:
            return "gul"
        better = diff > 0 if target.direction == Direction.OKA else diff < 0
        return "grön" if better else "röd"
    if target.kind in ("value", "comparison") and target.value is not None:
        goal = target.value
        lower_better = _lower_is_better(target, baseline, unit)
        if target.kind == "comparison":
            op = target.op
            met = {"<": latest < goal, "<=": latest <= goal, ">": latest > goal,
                   ">=": latest >= goal, "=": abs(latest - goal) < 1e-9}[op or "="]
        else:
            met = latest <= goal if lower_better else latest >= goal
        if met:
            return "grön"
        if baseline is not None and (latest < baseline if lower_better else latest > baseline):
            return "gul"
        return "röd"
    return None


def colour_reason(target: Target, latest: float | None, baseline: float | None,
                  measured: bool = True, unit: str | None = None) -> str | None:
    """Why an indicator has its colour, in one Swedish sentence (the rule, applied)."""
    from bot.domain.fmt import with_unit

    def v(x: float | None) -> str:
        return with_unit(x, unit or "")

    if target.kind == "direction" and target.direction == Direction.BEVAKA:
        return "Indikatorn bevakas; den får ingen färg."
    if latest is None:
        return "Inget värde att bedöma ännu." if target.kind != "none" else None
    c = colour(target, latest, baseline, measured, unit)
    basis = "" if measured else "Bedömd på utgångsläget (inget mätvärde ännu): "
    if target.kind == "direction":
        if not measured or baseline is None:
            return "Riktningsmål bedöms först när det finns ett mätvärde att jämföra med utgångsläget."
        way = "öka" if target.direction == Direction.OKA else "minska"
        moved = "oförändrat" if c == "gul" else (
            "högre" if latest > baseline else "lägre")
        return f"Målet är att {way}: {v(latest)} är {moved} än utgångsläget {v(baseline)}." \
            if moved != "oförändrat" else f"Målet är att {way}: värdet är oförändrat mot utgångsläget {v(baseline)}."
    if target.kind in ("value", "comparison") and target.value is not None:
        goal = target.text or v(target.value)
        if c == "grön":
            return f"{basis}{v(latest)} når målet {goal}."
        if c == "gul":
            return (f"{basis}{v(latest)} når inte målet {goal} men är bättre än "
                    f"utgångsläget {v(baseline)}.")
        return f"{basis}{v(latest)} når inte målet {goal}."
    return None


def trend(latest: float | None, previous: float | None) -> Literal["upp", "ned", "oförändrad"] | None:
    if latest is None or previous is None:
        return None
    if abs(latest - previous) < 1e-9:
        return "oförändrad"
    return "upp" if latest > previous else "ned"
