"""The workbook's layout: its sheets and their columns, headed in Swedish.

One layout for the template, the import and the export, so that what is exported is what
is read back. Each column names the plan-file field it holds (bot.domain.schema), how its cells
are read, and a note for the person filling it in. Columns marked ``shown`` carry the
store's latest state (status, value, colour) on export and are not read on import.

The workbook can hold several plans (one row each in "Planer", e.g. every nämnd's
uppdragsplan, and a förvaltning's verksamhetsplan); the other sheets name the nämnd of each
row in their first column, which may be left empty when there is only one plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "int", "number", "bool", "date", "key", "list", "lines", "colour", "status"]


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # the plan-file field ("" for shown columns)
    kind: Kind = "text"
    note: str = ""
    required: bool = False
    shown: bool = False  # written on export, never read
    width: int = 16


@dataclass(frozen=True)
class Sheet:
    name: str
    section: str  # the plan-file section it fills
    columns: tuple[Column, ...]
    note: str

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)


NAMND = Column("Nämnd", "namnd", note="Nämndens id från bladet Planer (t.ex. ks). Kan lämnas tomt "
               "när arbetsboken bara har en plan.", width=10)
COLOUR_NOTE = ("grön, gul eller röd: skriv ordet eller färga cellen (grön, gul/orange eller röd "
               "fyllning läses).")
STATUS_NOTE = "ej påbörjad, pågår, klar, försenad eller avbruten (startläget; senare status kommer från chatten)."
BOOL_NOTE = "ja eller nej (x räknas som ja, tomt som nej)."

# what an uppdrag's or aktivitet's row shows of its progress (from chat) on export
PROGRESS = (
    Column("Aktuell status", "", "text", "Visas bara (status efter uppdateringarna); läses inte in.",
           shown=True, width=12),
    Column("Procent", "", "int", "Visas bara; läses inte in.", shown=True, width=8),
    Column("Senaste uppdatering", "", "text", "Visas bara; läses inte in.", shown=True, width=40),
    Column("Uppdaterad", "", "date", "Visas bara; läses inte in.", shown=True, width=12),
)

PLANER = Sheet("Planer", "plans", (
    Column("Organisation-id", "organisation.id", "text", "Små bokstäver, siffror och bindestreck: askersund.", True),
    Column("Organisation", "organisation.name", "text", "Askersunds kommun", True, width=22),
    Column("Vision", "organisation.vision", "text", "Organisationens vision (valfri).", width=24),
    Column("Ordlista", "organisation.words", "lines",
           "Organisationens egna ord, en per rad: malomrade=Övergripande mål (valfri).", width=20),
    Column("Nämnd-id", "namnd.id", "text", "Små bokstäver: ks, bun, sn.", True, width=10),
    Column("Nämnd", "namnd.name", "text", "Kommunstyrelsen", True, width=22),
    Column("Förkortning", "namnd.short", "text", "KS", width=10),
    Column("Dokumenttyp", "document.kind", "text",
           "uppdragsplan, verksamhetsplan, kommunplan, verksamhetsberattelse, styrmodell eller ovrigt.", True),
    Column("År", "document.year", "int", "Planens år: 2026.", True, width=8),
    Column("Titel", "document.title", "text", "Uppdragsplan 2026", True, width=24),
    Column("Källor", "document.sources", "lines", "Dokumenten planen bygger på, ett per rad (diarienummer, filnamn)."),
    Column("Budgetram (tkr)", "document.budget_frame_tkr", "int", "KF:s budgetram för nämnden i tkr (valfri)."),
    Column("Anteckningar", "document.notes", "text", "Fri text (valfri)."),
    Column("Förvaltning", "verksamhetsplan.forvaltning", "text",
           "Förvaltningen vars verksamhetsplan aktiviteterna hör till (krävs när planen har aktiviteter).", width=22),
    Column("Verksamhetsplan", "verksamhetsplan.title", "text", "Verksamhetsplanens titel (valfri).", width=22),
    Column("Demo", "verksamhetsplan.demo", "bool", "ja om verksamhetsplanen är påhittad för en demo.", width=8),
), "En rad per plan: nämndens uppdragsplan och, om den är ett eget dokument, förvaltningens "
   "verksamhetsplan.")

MALOMRADEN = Sheet("Målområden", "malomraden", (
    NAMND,
    Column("Nummer", "number", "int", "1–99", True, width=8),
    Column("Namn", "name", "text", "En av Sveriges mest attraktiva kommuner", True, width=30),
    Column("Kortnamn", "short", "text", "Attraktion"),
    Column("Typ", "kind", "text", "utåtriktat eller internt (tomt: utåtriktat).", width=12),
    Column("Inledning", "intro", "text", "Målområdets inledande text.", width=30),
    Column("Strategiska mål", "strategic_goals", "lines", "Ett strategiskt mål per rad.", width=40),
), "Kommunfullmäktiges målområden som planen följer.")

INDIKATORER = Sheet("Indikatorer", "indikatorer", (
    NAMND,
    Column("Id", "id", "text", "Stabil nyckel: små bokstäver, siffror och bindestreck (sjukfranvaro-total).", True, width=22),
    Column("Målområde", "malomrade", "int", "Målområdets nummer.", True, width=10),
    Column("Tabell", "table", "text", "gemensamma, nämndens eller nämndens och gemensamma.", True),
    Column("Nummer", "number", "int", "Indikatorns nummer i sin tabell.", True, width=8),
    Column("Namn", "name", "text", "Total sjukfrånvaro, samtlig personal", True, width=34),
    Column("Beskrivning", "description", "text", "Resten av tabellcellen, t.ex. (NKI, Nöjd kund index)."),
    Column("Källa", "source", "text", "SCB, Kolada, Personec …"),
    Column("Frekvens", "frequency", "text", "månatligen, kvartalsvis, tertialvis, halvårsvis, årligen eller okänd."),
    Column("Enhet", "unit", "text", "antal, procent, mnkr, mkr, tkr, kronor, index, tim eller medelvärde.", True, width=10),
    Column("Indikator KF", "reported_to_kf", "bool", "ja om indikatorn rapporteras till kommunfullmäktige. " + BOOL_NOTE, width=10),
    Column("Utgångsläge", "baseline", "number", "Utgångsläget som tal (8,38); tomt om okänt.", width=12),
    Column("Utgångsläge som skrivet", "baseline_text", "text", "Som det står i planen: 8,38%, 1 715 eller -.", width=12),
    Column("Önskat läge", "target", "text", "Ett tal (7,4%), en jämförelse (< 5,0%) eller Öka, Minska, Bevaka.", width=12),
    Column("Alias", "aliases", "list", "Andra ord för indikatorn, åtskilda med komma (valfri)."),
    Column("Senaste värde", "", "number", "Visas bara (senaste mätvärdet); läses inte in.", shown=True, width=12),
    Column("Datum", "", "date", "Visas bara; läses inte in.", shown=True, width=12),
    Column("Färg", "", "colour", "Visas bara (grön/gul/röd mot målet); läses inte in.", shown=True, width=8),
    Column("Trend", "", "text", "Visas bara (upp, ned, oförändrad); läses inte in.", shown=True, width=10),
), "Nämndens indikatorer med utgångsläge och önskat läge. Mätvärden står i bladet Mätvärden.")

UPPDRAG = Sheet("Uppdrag", "uppdrag", (
    NAMND,
    Column("Nr", "key", "key", "Målområde.nummer som text: 3.2", True, width=7),
    Column("Titel", "title", "text", "Främja investeringar och hållbar bostadsutveckling", True, width=34),
    Column("Beskrivning", "description", "text", "Vad uppdraget går ut på.", width=40),
    Column("Omfattning", "scope", "text", "Uppdraget omfattar hela kommunen … (valfri)."),
    Column("Uppföljning", "uppfoljning", "text", "Hur uppdraget följs upp.", width=24),
    Column("Tidplan", "tidplan", "text", "Kommunstyrelsen den 5 maj samt 3 november; datumen läses ut.", width=28),
    Column("Ursprung", "origin", "text", "indikator, initiativ eller strategi (valfri)."),
    Column("Indikatorer", "indicators", "list", "Kopplade indikatorers id, åtskilda med komma."),
    Column("Ansvarig", "owner", "text", "Ansvarig som det står i planen (chattens ansvariga sätts i chatten)."),
    Column("Status", "status", "status", STATUS_NOTE, width=12),
    Column("Budgetpåverkan", "budgetpaverkan", "bool", "ja om uppdraget påverkar budgeten. " + BOOL_NOTE, width=10),
    Column("Färg", "colour", "colour", "Bedömning med planen: " + COLOUR_NOTE, width=8),
    Column("Insatskälla", "insatser_source", "text", "Programmet insatserna kommer från (Handslaget 2030); insatserna står i bladet Insatser."),
    *PROGRESS,
    Column("Aktiviteter", "", "text", "Visas bara (klara, försenade, tysta); läses inte in.", shown=True, width=24),
), "Nämndens uppdrag till förvaltningen.")

INSATSER = Sheet("Insatser", "insatser", (
    NAMND,
    Column("Uppdrag", "uppdrag", "key", "Uppdragets nr: 2.2", True, width=8),
    Column("Nummer", "number", "int", "Insatsens nummer (valfri).", width=8),
    Column("Titel", "title", "text", "Insatsens titel.", True, width=34),
    Column("Beskrivning", "description", "text", "Beskrivning (valfri).", width=40),
), "Konkreta insatser bakom ett uppdrag (t.ex. Handslagets åtta).")

AKTIVITETER = Sheet("Aktiviteter", "aktiviteter", (
    NAMND,
    Column("Nr", "key", "key", "Uppdragets nr och aktivitetens nummer som text: 3.2.1", True, width=8),
    Column("Titel", "title", "text", "Aktivitetens titel.", True, width=34),
    Column("Beskrivning", "description", "text", "Vad som ska göras.", width=40),
    Column("Ansvar", "ansvar", "text", "Avdelning eller enhet som ansvarar.", width=22),
    Column("Ursprung", "origin", "text", "uppdrag, program eller initiativ (tomt: uppdrag).", width=12),
    Column("Uppföljning", "uppfoljning", "text", "Hur aktiviteten följs upp.", width=24),
    Column("Tidplan", "tidplan", "text", "Som för uppdrag: datumen läses ut.", width=28),
    Column("Budgetpåverkan", "budgetpaverkan", "bool", "ja om aktiviteten påverkar budgeten. " + BOOL_NOTE, width=10),
    Column("Status", "status", "status", STATUS_NOTE, width=12),
    Column("Färg", "colour", "colour", COLOUR_NOTE, width=8),
    *PROGRESS,
), "Förvaltningens aktiviteter i verksamhetsplanen, var och en svarar mot ett uppdrag.")

BUDGETTABELLER = Sheet("Budgettabeller", "budget", (
    NAMND,
    Column("Id", "id", "text", "Tabellens nyckel: driftbudget-ks-2026", True, width=24),
    Column("Titel", "title", "text", "Driftbudget (tkr)", True, width=24),
    Column("Typ", "kind", "text", "drift, investering eller resultat.", True, width=10),
    Column("Avsnitt", "section", "text", "Underrubrik (valfri)."),
    Column("Enhet", "unit", "text", "tkr eller mnkr (tomt: tkr).", width=8),
    Column("Kolumner", "columns", "list",
           "Tabellens kolumner i ordning, åtskilda med komma: bokslut 2024, budget 2026, plan 2027. "
           "Beloppen står i bladet Budget under samma rubriker.", True, width=40),
), "Budgettabellerna som de är tryckta: en rad per tabell.")

BUDGET = Sheet("Budget", "budget_rows", (
    NAMND,
    Column("Tabell", "table", "text", "Tabellens id från bladet Budgettabeller.", True, width=24),
    Column("Kod", "code", "text", "Verksamhetens kod: 45 (tomt för summor och projekt).", width=8),
    Column("Namn", "name", "text", "Gymnasieskola", True, width=26),
    Column("Summa", "total", "bool", "ja för en summarad.", width=8),
    Column("Varav", "sub", "bool", "ja för en varav-rad (räknas inte i summor).", width=8),
    Column("Analys", "analysis", "text", "Analysen av radens avvikelse.", width=40),
    Column("Analysnr", "analysis_ref", "text", "Analysens nummer i dokumentet (valfri).", width=8),
), "En rad per budgetrad; beloppen i tkr (kostnader negativa) under kolumnrubriker som "
   "'budget 2026', 'utfall 2024', 'avvikelse 2024', 'utfall 2024-03'.")

MATVARDEN = Sheet("Mätvärden", "measurements", (
    Column("Indikator", "indikator", "text", "Indikatorns id.", True, width=24),
    Column("Datum", "date", "date", "Mätningens datum (ÅÅÅÅ-MM-DD).", True, width=12),
    Column("Värde", "value", "number", "Värdet (8,1).", True, width=10),
    Column("Källa", "source", "text", "Källa (valfri)."),
    Column("Anteckning", "note", "text", "Anteckning (valfri)."),
    Column("Ursprung", "origin", "text",
           "import eller chatt. Rader från chatten läses bara in om värdet inte redan finns.", width=10),
), "Indikatorernas mätvärden, ett per rad.")

SHEETS = (PLANER, MALOMRADEN, INDIKATORER, UPPDRAG, INSATSER, AKTIVITETER, BUDGETTABELLER,
          BUDGET, MATVARDEN)
BY_NAME = {s.name.lower(): s for s in SHEETS}
INSTRUCTIONS = "Instruktioner"
