"""English words for the plan's things, in the plan's Swedish (issue 14, chat style: "did
the business climate improve?", "sick leave 2026", "budget for the schools").

Staff mix English into Swedish chat. The intent words (budget, deadline, owner, status,
"how many", "last year", "overspend" …) are in the parser's lexicon already; this is the
other half: the nouns that name a thing of the plan, each written as the Swedish word the
plan uses, so the matching finds the thing by its own name. Only words that are not
Swedish too are here ("vision", "integration", "gym" are both, and left as written), and
the few Swedish verbs for what the plan names only with a noun ("köpte": förvärv).
Folded keys and values (no å/ä/ö), a phrase of up to three words.
"""

from __future__ import annotations

# English (folded words) -> the plan's Swedish words (folded)
GLOSSARY: dict[tuple[str, ...], tuple[str, ...]] = {
    # chat's short "diff" (also English): the plan's word for a difference
    ("diff",): ("skillnad",),
    ("diffen",): ("skillnaden",),
    # "and the target?": the önskat läge or the goal's målvärde
    ("target",): ("malet",),
    ("the", "target"): ("malet",),
    # a time ahead: "what is due next week?", "anything happening today?"
    ("next", "week"): ("nasta", "vecka"),
    ("this", "week"): ("denna", "vecka"),
    ("next", "month"): ("nasta", "manad"),
    ("this", "month"): ("denna", "manad"),
    ("today",): ("idag",),
    ("tomorrow",): ("imorgon",),
    ("happens",): ("hander",),
    ("happening",): ("hander",),
    ("anything",): ("nagot",),
    ("sick", "leave"): ("sjukfranvaro",),
    ("sickness", "absence"): ("sjukfranvaro",),
    ("sick", "days"): ("sjukfranvaro",),
    ("unemployment",): ("arbetsloshet",),
    ("unemployed",): ("arbetslosa",),
    ("jobless",): ("arbetslosa",),
    ("population",): ("befolkning",),
    ("population", "growth"): ("befolkningsokning",),
    ("inhabitants",): ("invanare",),
    ("residents",): ("invanare",),
    ("school",): ("skola",),
    ("schools",): ("skolor",),
    ("high", "school"): ("gymnasieskola",),
    ("upper", "secondary", "school"): ("gymnasieskola",),
    ("preschool",): ("forskola",),
    ("preschools",): ("forskolor",),
    ("school", "transport"): ("skolskjuts",),
    ("school", "bus"): ("skolskjuts",),
    ("school", "buses"): ("skolskjuts",),
    ("fire", "service"): ("raddningstjanst",),
    ("fire", "department"): ("raddningstjanst",),
    ("fire", "brigade"): ("raddningstjanst",),
    ("rescue", "service"): ("raddningstjanst",),
    ("rescue", "services"): ("raddningstjanst",),
    ("paratransit",): ("fardtjanst",),
    ("business", "climate"): ("foretagsklimat",),
    ("businesses",): ("foretag",),
    ("companies",): ("foretag",),
    ("company",): ("foretag",),
    ("firms",): ("foretag",),
    ("new", "businesses"): ("nystartade", "foretag"),
    ("new", "companies"): ("nystartade", "foretag"),
    ("startups",): ("nystartade", "foretag"),
    ("workplaces",): ("arbetsstallen",),
    ("establishments",): ("arbetsstallen",),
    ("guest", "nights"): ("gastnatter",),
    ("overnight", "stays"): ("gastnatter",),
    ("tourism",): ("turism",),
    ("tourists",): ("turister",),
    ("staff", "turnover"): ("personalomsattning",),
    ("employee", "turnover"): ("personalomsattning",),
    ("turnover",): ("personalomsattning",),
    ("managers",): ("chefer",),
    ("goals",): ("malen",),
    ("goal",): ("malet",),
    ("objectives",): ("malen",),
    ("indicators",): ("indikatorer",),
    ("indicator",): ("indikatorn",),
    ("deviation",): ("avvikelse",),
    ("deviations",): ("avvikelser",),
    ("variance",): ("avvikelse",),
    ("outcome",): ("utfall",),
    ("results",): ("resultat",),
    ("result",): ("resultat",),
    ("department",): ("verksamhet",),
    ("departments",): ("verksamheter",),
    ("projects",): ("projekten",),
    ("project",): ("projektet",),
    ("tasks",): ("uppdrag",),
    ("task",): ("uppdrag",),
    ("library",): ("bibliotek",),
    ("culture",): ("kultur",),
    ("parking",): ("parkering",),
    ("housing",): ("bostader",),
    ("homes",): ("bostader",),
    ("apartments",): ("lagenheter",),
    ("flats",): ("lagenheter",),
    ("sports", "hall"): ("idrottshall",),
    ("swimming", "pool"): ("simhall",),
    ("swimming", "hall"): ("simhall",),
    ("elderly", "care"): ("aldreomsorg",),
    ("social", "services"): ("socialtjanst",),
    ("digitalisation",): ("digitalisering",),
    ("digitalization",): ("digitalisering",),
    ("crime", "prevention"): ("brottsforebyggande",),
    ("safety",): ("trygghet",),
    ("preparedness",): ("beredskap",),
    ("emergency", "preparedness"): ("krisberedskap",),
    ("civil", "defence"): ("totalforsvar",),
    ("civil", "defense"): ("totalforsvar",),
    ("total", "defence"): ("totalforsvar",),
    ("procurement",): ("upphandling",),
    ("purchasing",): ("inkop",),
    ("debt", "ratio"): ("skuldsattningsgrad",),
    ("debt",): ("skuldsattningsgrad",),
    ("borrowing",): ("upplaning",),
    ("loans",): ("lan",),
    ("taxes",): ("skatt",),
    ("annual", "report"): ("verksamhetsberattelse",),
    ("executive", "board"): ("kommunstyrelsen",),
    ("municipal", "board"): ("kommunstyrelsen",),
    ("municipal", "council"): ("kommunfullmaktige",),
    ("council",): ("kommunfullmaktige",),
    ("public", "health"): ("folkhalsa",),
    ("sustainability",): ("hallbarhet",),
    ("broadband",): ("bredband",),
    ("survey",): ("enkat",),
    ("customer", "satisfaction"): ("nki",),
    ("employer",): ("arbetsgivare",),
    ("events",): ("evenemang",),
    ("births",): ("fodda",),
    ("employees",): ("medarbetare",),
    ("personnel",): ("personal",),
    # how a figure moves: the parser's trend words
    ("developing",): ("utvecklas",),
    ("developed",): ("utvecklats",),
    ("evolved",): ("utvecklats",),
    ("trending",): ("trenden",),
    ("changed",): ("forandrats",),
    ("over", "time"): ("utvecklats",),
    # what was bought or sold, in the words of the analyses ("Inga fastighetsförvärv",
    # "inga villatomter har sålts")
    ("buy",): ("forvarv",),
    ("bought",): ("forvarv",),
    ("purchase",): ("forvarv",),
    ("purchased",): ("forvarv",),
    ("acquire",): ("forvarv",),
    ("acquired",): ("forvarv",),
    ("sell",): ("salts",),
    ("sold",): ("salts",),
    # and the chat's Swedish verb of buying, which the plan says with its noun
    ("kopte",): ("forvarv",),
    ("kopt",): ("forvarv",),
    ("kopts",): ("forvarv",),
    ("koptes",): ("forvarv",),
    ("kopa",): ("forvarv",),
    ("koper",): ("forvarv",),
    # chat's Swedish for the report's word: "jobb" is its "arbete" ("gick vidare till jobb
    # eller studier")
    ("jobb",): ("arbete",),
    # what a thing did to another: the text's "påverkade" ("how did the IT-attack affect us?")
    ("affect",): ("paverkade",),
    ("affected",): ("paverkade",),
    ("affects",): ("paverkar",),
    ("impact",): ("paverkade",),
    # the chat's everyday Swedish for what the plan names by its own word: the school bus is
    # the line Skolskjutsar; "bodde" is the plan's "bor" (Befolkning: "folk som bor i kommunen")
    ("skolbuss",): ("skolskjuts",),
    ("skolbussen",): ("skolskjutsen",),
    ("skolbussar",): ("skolskjutsar",),
    ("skolbussarna",): ("skolskjutsarna",),
    ("bodde",): ("bor",),
    ("bott",): ("bor",),
    # a budget held, a goal reached or missed: the parser's words for them
    ("stay", "within"): ("holl",),
    ("stayed", "within"): ("holl",),
    ("reaching",): ("nadde",),
    ("fail",): ("missade",),
}

LONGEST = max(len(k) for k in GLOSSARY)
FIRST = frozenset(k[0] for k in GLOSSARY)  # the first word of each phrase


def to_swedish(words: tuple[str, ...], typed: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """The folded words of a message with the English phrases of the glossary written in the
    plan's Swedish, longest phrase first; ``typed`` (the words as written) follows along,
    each Swedish word with the phrase as the user wrote it (for "about", once)."""
    if FIRST.isdisjoint(words):
        return words, typed
    out_w: list[str] = []
    out_t: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(LONGEST, len(words) - i), 0, -1):
            sv = GLOSSARY.get(words[i:i + n])
            if sv is not None:
                out_w.extend(sv)
                out_t.extend([" ".join(typed[i:i + n])] * len(sv))
                i += n
                break
        else:
            out_w.append(words[i])
            out_t.append(typed[i])
            i += 1
    return tuple(out_w), out_t
