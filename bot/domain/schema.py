"""The typed model of a municipality's steering data.

These pydantic models are both the domain model and the schema of a plan file
(see docs/plan-format.md). Field names are Swedish where the domain word is
Swedish, so that a plan file reads like the document it was transcribed from.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.domain import fmt
from bot.domain.plan import Status, Target, parse_number, value_range


class Strict(BaseModel):
    """Base for plan-file models: unknown fields are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --- organisation -----------------------------------------------------------


class Vocabulary(Strict):
    """The organisation's own words for the levels of the chain (Orsa differs from Askersund)."""

    malomrade: str = "Målområde"
    strategiskt_mal: str = "Strategiskt mål"
    indikator: str = "Indikator"
    uppdrag: str = "Uppdrag"
    plan: str = "Uppdragsplan"
    namnd: str = "Nämnd"
    forvaltning: str = "Förvaltning"
    aktivitet: str = "Aktivitet"
    utskott: str = "Utskott"


class Organisation(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    vision: str | None = None
    words: Vocabulary = Vocabulary()
    # the municipality's id in Kolada (kommunkod, "1882" = Askersund); see docs/plan-format.md
    kolada_id: str | None = Field(default=None, pattern=r"^\d{4}$")


class Namnd(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    short: str | None = None  # "KS"


class Document(Strict):
    """The source document a plan file transcribes."""

    kind: Literal["uppdragsplan", "verksamhetsberattelse", "styrmodell", "kommunplan", "program",
                  "verksamhetsplan", "ovrigt"]
    # a stable key for a document that is not one per nämnd and year ("handslaget-2030");
    # without it the document is known by organisation, nämnd, kind and year
    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$")
    year: int | None = Field(default=None, ge=1900, le=2200)
    title: str
    sources: list[str] = []  # the seed files (or diarienummer) the data was transcribed from
    budget_frame_tkr: int | None = None  # KF's budgetram for the nämnd
    notes: str | None = None


# --- goals ------------------------------------------------------------------

KoladaKpi = Annotated[str, Field(pattern=r"^[A-Z]\d{5}$")]  # "N01951", "U07455"
Gender = Literal["T", "K", "M"]  # totalt, kvinnor, män (Kolada's gender rows)


class KoladaGoal(Strict):
    """How a relative strategic goal is measured in Kolada: "2030 tillhöra de 25 % av
    landets kommuner …" is ``percentile: 25``, ``target_year: 2030``. With no ``kpis`` the
    goal is not linked (``note`` says why: an id that could not be verified is left out)."""

    kpis: list[KoladaKpi] = []
    titles: list[str] = []  # Kolada's title of each KPI as verified; a fetch warns on another
    gender: Gender = "T"
    percentile: float = Field(default=25, gt=0, lt=100)  # the top share of municipalities
    better: Literal["higher", "lower"] = "higher"
    target_year: int | None = Field(default=None, ge=2000, le=2100)
    aliases: list[str] = []  # words people use for the goal ("skolan", "företagsklimat")
    note: str | None = None

    @model_validator(mode="after")
    def _explained(self) -> KoladaGoal:
        if not self.kpis and not self.note:
            raise ValueError("ett mål utan Kolada-nyckeltal (kpis) behöver en note som säger varför")
        if self.titles and len(self.titles) != len(self.kpis):
            raise ValueError("titles ska ha en titel per nyckeltal i kpis")
        return self


class StrategicGoal(Strict):
    """A strategic goal with its Kolada measure; a plain string is a goal without one."""

    text: str
    kolada: KoladaGoal | None = None


class Malomrade(Strict):
    number: int = Field(ge=1, le=99)
    name: str
    short: str | None = None  # Välfärd, Företagsklimat ...
    kind: Literal["utåtriktat", "internt"] = "utåtriktat"
    intro: str | None = None
    strategic_goals: list[str | StrategicGoal] = []

    def goal_texts(self) -> list[str]:
        return [g if isinstance(g, str) else g.text for g in self.strategic_goals]


# --- indicators -------------------------------------------------------------




Unit = Literal["antal", "procent", "mnkr", "tkr", "kronor", "index", "tim", "medelvärde", "mkr"]
Frequency = Literal["månatligen", "kvartalsvis", "tertialvis", "halvårsvis", "årligen", "okänd"]


class Measurement(Strict):
    date: dt.date
    value: float
    source: str | None = None
    note: str | None = None


class KoladaLink(Strict):
    """An indicator measured by a Kolada KPI: `styrbot kolada fetch` stores its values as
    measurements (source "Kolada")."""

    kpi: KoladaKpi
    gender: Gender = "T"
    title: str | None = None  # Kolada's title as verified; a fetch warns when it differs


class Indikator(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="stable key, used by measurements")
    malomrade: int
    table: Literal["gemensamma", "nämndens", "nämndens och gemensamma"]
    number: int = Field(ge=1)
    name: str
    description: str | None = None  # the rest of the table cell, e.g. "(NKI, Nöjd kund index)"
    source: str | None = None
    frequency: Frequency = "okänd"
    unit: Unit
    reported_to_kf: bool = False
    baseline: float | None = None  # utgångsläge; None where the plan says "-"
    baseline_text: str | None = None  # as written: "8,38%", "1 715", "-"
    target: str | None = None  # önskat läge as written: "7,4%", "< 5,0%", "Öka"
    aliases: list[str] = []  # other words people use ("sjukskrivning")
    measurements: list[Measurement] = []
    kolada: KoladaLink | None = None

    @field_validator("baseline", mode="before")
    @classmethod
    def _baseline(cls, v: object) -> object:
        if isinstance(v, str):
            if v.strip() in ("", "-", "–"):
                return None
            return parse_number(v)
        return v

    @field_validator("target")
    @classmethod
    def _target(cls, v: str | None) -> str | None:
        if v is not None:
            Target.parse(v)  # raises a plain-words error on nonsense
        return v

    @model_validator(mode="after")
    def _values_it_can_hold(self) -> Indikator:
        """A measurement its indicator cannot hold (a share past 100 %) is a typo."""
        lo, hi = value_range(self.unit, self.name, self.baseline)
        for m in self.measurements:
            if not lo <= m.value <= hi:
                raise ValueError(f"mätvärdet {fmt.number(m.value)} ({m.date.isoformat()}) är inget "
                                 f"rimligt värde i {self.unit} (mellan {fmt.number(lo)} och "
                                 f"{fmt.number(hi)})")
        return self


# --- uppdrag ----------------------------------------------------------------


Colour = Literal["grön", "gul", "röd"]


class Insats(Strict):
    """A concrete measure behind an uppdrag (e.g. Handslaget's eight insatser)."""

    number: int | None = None
    title: str
    description: str | None = None


class Uppdrag(Strict):
    key: str = Field(pattern=r"^\d+\.\d+$")  # "3.2"
    title: str
    description: str | None = None
    scope: str | None = None  # "Uppdraget omfattar hela kommunen ..."
    uppfoljning: str | None = None
    tidplan: str | None = None
    origin: str | None = None  # indikator / initiativ / strategi
    indicators: list[str] = []  # Indikator ids
    insatser: list[Insats] = []
    insatser_source: str | None = None  # e.g. "Handslaget 2030"
    owner: str | None = None  # a name as written in the plan; chat owners live in the store
    status: Status | None = None  # initial status; later status comes from updates
    # True where the links to indicators are ours (read from the indicator tables and the
    # uppföljning text), not printed beside the uppdrag in the document
    indicators_derived: bool = False
    budgetpaverkan: bool = False  # Målstruktur's "Budgetpåverkan": the uppdrag will affect the budget
    colour: Colour | None = None  # an assessment given with the plan (a coloured cell in Excel)

    @property
    def malomrade(self) -> int:
        return int(self.key.split(".")[0])


# --- verksamhetsplan and aktiviteter ---------------------------------------------


class Verksamhetsplan(Strict):
    """The förvaltning's verksamhetsplan: its answer to the nämnd's uppdrag (Målstruktur)."""

    forvaltning: str  # "Kommunledningsförvaltningen"
    title: str | None = None  # "Verksamhetsplan 2026"
    demo: bool = False  # invented for the demo, not transcribed from a document


class Aktivitet(Strict):
    """An aktivitet in the verksamhetsplan, answering one uppdrag: key "3.2.1" is the first
    aktivitet of uppdrag 3.2. Owned by an avdelning or enhet; followed up like an uppdrag."""

    key: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    title: str
    description: str | None = None
    ansvar: str | None = None  # the avdelning or enhet responsible
    origin: Literal["uppdrag", "program", "initiativ"] = "uppdrag"
    uppfoljning: str | None = None
    tidplan: str | None = None
    budgetpaverkan: bool = False
    status: Status | None = None  # initial status; later status comes from updates
    colour: Colour | None = None

    @property
    def uppdrag(self) -> str:
        return self.key.rsplit(".", 1)[0]

    @property
    def malomrade(self) -> int:
        return int(self.key.split(".")[0])


# --- budget -----------------------------------------------------------------

MEASURES = ("bokslut", "budget", "plan", "utfall", "prognos", "avvikelse")
_COLUMN = re.compile(r"^(bokslut|budget|plan|utfall|prognos|avvikelse)\s+(\d{4})(?:[-\s](\S+))?$")


class BudgetRow(Strict):
    code: str | None = None  # verksamhet code "45", project rows have none
    name: str
    values: list[int | None]  # one per column, tkr; None = empty cell
    total: bool = False  # a "Summa" row
    sub: bool = False  # a sub-item of the row above ("varav"), not counted in sums
    analysis: str | None = None  # the analysis note for this row's deviation
    analysis_ref: str | None = None  # the note's number in the document ("6")


class BudgetTable(Strict):
    """One table of a budget document, as printed: its column heads and rows.

    Column heads are "<measure> <year>[ <period>]": "bokslut 2024", "budget 2026",
    "plan 2029", "utfall 2024", "avvikelse 2024", "utfall 2024-03".
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    kind: Literal["drift", "investering", "resultat"]
    section: str | None = None  # "Kommunstyrelsen", "Finansförvaltningen", "Strategiska investeringar"
    unit: Literal["tkr", "mnkr"] = "tkr"
    columns: list[str]
    rows: list[BudgetRow]

    @field_validator("columns")
    @classmethod
    def _columns(cls, cols: list[str]) -> list[str]:
        for c in cols:
            if not _COLUMN.match(c.strip().lower()):
                raise ValueError(
                    f"okänd kolumn {c!r}: skriv '<bokslut|budget|plan|utfall|prognos|avvikelse> <år>'"
                )
        return [c.strip().lower() for c in cols]

    @model_validator(mode="after")
    def _widths(self) -> BudgetTable:
        for i, row in enumerate(self.rows):
            if len(row.values) != len(self.columns):
                raise ValueError(
                    f"rad {i + 1} ({row.name}) har {len(row.values)} värden men tabellen har "
                    f"{len(self.columns)} kolumner"
                )
        return self

    def parsed_columns(self) -> list[tuple[str, int, str | None]]:
        out = []
        for c in self.columns:
            m = _COLUMN.match(c)
            assert m
            out.append((m.group(1), int(m.group(2)), m.group(3)))
        return out


class Investeringsprojekt(Strict):
    name: str
    year: int
    utfall: int | None = None  # tkr, the year's outcome (costs negative)
    budget: int | None = None
    avvikelse: int | None = None
    accumulated: int | None = None  # upparbetat totalt
    total_budget: int | None = None
    forecast: int | None = None  # prognos totalt
    total_deviation: int | None = None
    analysis: str | None = None


# --- annual report ----------------------------------------------------------


class Maluppfyllelse(Strict):
    year: int
    area: str  # the målområde as the report names it
    goal: str  # "Kommunstyrelsens mål 1: ..."
    measure: str | None = None  # "Sjukfrånvaro exkl. AME, procent"
    target: str | None = None
    outcome: str | None = None
    colour: Literal["grön", "gul", "röd"] | None = None
    colour_derived: bool = False  # True where the PDF lost the colour and it was derived
    trend: Literal["bättre", "lika", "sämre"] | None = None
    trend_derived: bool = False  # True where the PDF lost the arrow and it was derived
    comment: str | None = None
    aliases: list[str] = []  # words people use for the goal that its text lacks ("integration")
    addressed: str | None = None  # the report's "Adressering": who the goal is for ("HR-avdelningen")


# --- calendar ---------------------------------------------------------------



class ArshjulEvent(Strict):
    """One event of the yearly cycle: a month (or month range) or a date."""

    month: int | None = Field(default=None, ge=1, le=12)
    month_end: int | None = Field(default=None, ge=1, le=12)  # for "September–November"
    date: dt.date | None = None
    what: str
    description: str | None = None
    body: str | None = None  # deciding body: KF, KS, nämnd, utskott
    responsible: str | None = None
    reporting_point: bool = False  # a point of the "ordinarie rapporteringsstruktur"

    @model_validator(mode="after")
    def _when(self) -> ArshjulEvent:
        if self.month is None and self.date is None:
            raise ValueError("en händelse i årshjulet behöver month eller date")
        return self


# --- the document's text and the figures in it ------------------------------


class Section(Strict):
    """One section of the document's running text, as printed: its heading, its level
    (1 = chapter) and its paragraphs and lists. Paragraphs are separated by a blank line;
    a list item starts with "- "."""

    heading: str
    level: int = Field(default=1, ge=1, le=4)
    text: str = ""
    page: int | None = Field(default=None, ge=1)  # where known


class FigureValue(Strict):
    """One value of a figure: its year and what it is ("budget", "utfall", "mål" …)."""

    value: float
    year: int | None = Field(default=None, ge=1900, le=2200)
    label: str | None = None
    unit: str | None = None  # where it differs from the figure's unit ("1,7 %" of a tkr figure)


class Nyckeltal(Strict):
    """A figure stated in the running text that people ask for as a figure: a financial
    goal, an effektiviseringskrav, a budget frame, a survey result. ``text`` is the
    sentence that states it, as printed; ``section`` the heading it stands under."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    group: str | None = None  # figures answered together ("Samverkan", "Svenskt Näringsliv")
    unit: Literal["procent", "tkr", "mkr", "mnkr", "kronor", "antal", "index", "betyg",
                  "medelvärde"]
    values: list[FigureValue] = []  # none for a goal stated in words only
    text: str | None = None
    section: str | None = None
    aliases: list[str] = []


class Initiativ(Strict):
    """An initiative the document describes in its running text, and the uppdrag it names
    there, as printed (the uppdragsplan's organisationsutredning and its four uppdrag). Its
    items have no number unless the document prints one; ``owner`` and ``tidplan`` only where
    printed. ``related`` are uppdrag keys it bears on; ``related_derived`` says the link is
    the transcriber's, not printed."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    section: str | None = None  # the heading it stands under
    description: str | None = None
    items: list[Insats] = []
    items_name: str = "uppdrag"  # what the document calls them ("delutredningar")
    items_note: str | None = None  # ours: how the items were read from the text
    uppfoljning: str | None = None
    progress: str | None = None  # what the text says has been done
    owner: str | None = None
    tidplan: str | None = None
    related: list[str] = []
    related_derived: bool = False
    aliases: list[str] = []


# --- history ----------------------------------------------------------------


class HistoryEntry(Strict):
    """A progress update carried over from elsewhere (a spreadsheet, an older system).

    Imported append-only: the same entry imported twice is stored once."""

    uppdrag: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$")  # an uppdrag's key, or an aktivitet's
    author: str
    at: dt.datetime
    text: str
    status: Status | None = None
    percent: int | None = Field(default=None, ge=0, le=100)


# --- roles ------------------------------------------------------------------

# Who a role names: a Slack user (U…/W…) or a Teams user (Entra object id, a GUID); leaders may
# also be a Slack channel (C…/G…). Anything else ("anna", "<!channel>") would be posted to.
_PERSON = re.compile(r"[UW][A-Z0-9]{2,20}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_CHANNEL = re.compile(r"[CG][A-Z0-9]{2,20}")


def _person_id(v: str) -> str:
    if not _PERSON.fullmatch(v):
        raise ValueError(f"{v!r} är inget användar-ID (Slack: U0ABC123, Teams: Entra-objekt-ID)")
    return v


def _recipient_id(v: str) -> str:
    if not (_PERSON.fullmatch(v) or _CHANNEL.fullmatch(v)):
        raise ValueError(f"{v!r} är inget användar- eller kanal-ID (U0ABC123, C0ABC123)")
    return v


PersonId = Annotated[str, AfterValidator(_person_id)]
RecipientId = Annotated[str, AfterValidator(_recipient_id)]


class Roles(Strict):
    """Initial roles, e.g. from a migration or the demo. Chat changes them afterwards; a
    re-import only adds a role that has never been set or removed for that person."""

    owners: dict[str, list[PersonId]] = {}  # uppdrag key -> user IDs
    indicator_owners: dict[str, list[PersonId]] = {}  # indikator id -> user IDs
    admins: list[PersonId] = []
    leaders: list[RecipientId] = []  # users or channels


# --- the plan file ----------------------------------------------------------


class PlanFile(Strict):
    """One plan file: one document of one nämnd (or of the whole organisation)."""

    format: Literal["styrbot-plan/1"] = "styrbot-plan/1"
    organisation: Organisation
    namnd: Namnd | None = None
    document: Document
    malomraden: list[Malomrade] = []
    indikatorer: list[Indikator] = []
    uppdrag: list[Uppdrag] = []
    verksamhetsplan: Verksamhetsplan | None = None
    aktiviteter: list[Aktivitet] = []
    budget: list[BudgetTable] = []
    investeringsprojekt: list[Investeringsprojekt] = []
    maluppfyllelse: list[Maluppfyllelse] = []
    arshjul: list[ArshjulEvent] = []
    roles: Roles = Roles()
    history: list[HistoryEntry] = []
    measurements_csv: list[str] = []  # CSV files beside this one: indikator,datum,värde,källa
    sections: list[Section] = []  # the document's running text
    nyckeltal: list[Nyckeltal] = []  # figures stated in that text
    initiativ: list[Initiativ] = []  # initiatives that text describes
