"""A rule's condition in plain words, in Danish and English, for the rule catalogue.

The condition is the durable-rules expression the engine runs; this reads the
same expression, so what a clinician approves is what runs. Offsets (days from
the evaluation date) are told as days before or after it.
"""

from __future__ import annotations

from typing import Any, Literal

from medreview.facts.vocabulary import FactKind
from medreview.labels_da import ROLES, SECTORS

Language = Literal["da", "en"]
# A described condition: a sentence, or ("all" | "any", the parts).
Words = str | tuple[str, list["Words"]]

# Every value field a condition may read: (Danish, English). Offsets name the day itself.
FIELDS: dict[str, tuple[str, str]] = {
    # patient
    "fixed_drug_count": (
        "antal forskellige lægemidler i fast behandling",
        "different drugs in fixed treatment",
    ),
    "current_line_count": ("antal aktuelle ordinationer", "current lines"),
    "as_needed_line_count": ("antal PN-ordinationer", "as-needed lines"),
    "dose_dispensed_line_count": ("antal dosisdispenserede ordinationer", "dose-dispensed lines"),
    "age": ("patientens alder i år", "the patient's age in years"),
    "deceased": ("patienten er død", "the patient has died"),
    "has_review": ("der er registreret en medicingennemgang", "a medication review is recorded"),
    "last_review_offset": ("seneste medicingennemgang", "the last medication review"),
    "nursing_home_resident": ("patienten bor på plejehjem", "the patient lives in a nursing home"),
    "home_care": ("patienten får hjemmepleje", "the patient receives home care"),
    "has_nursing_home_doctor": (
        "patienten har fast tilknyttet plejehjemslæge",
        "the patient has a fixed nursing-home doctor",
    ),
    "admitted": ("patienten er indlagt", "the patient is admitted"),
    "active_condition_count": ("antal forskellige aktive sygdomme", "different active conditions"),
    "chronic_group_count": (
        "antal forskellige kroniske sygdomme (grupper i kroniske-sygdomme.yaml)",
        "different chronic diseases (groups of kroniske-sygdomme.yaml)",
    ),
    "recent_fixed_change_count": (
        "antal faste ordinationer startet eller stoppet de seneste 30 dage og efter seneste "
        "medicingennemgang",
        "fixed lines started or stopped in the last 30 days and after the last medication review",
    ),
    "dose_dispensing_active": ("dosisdispensering er i gang", "dose dispensing is running"),
    "responsible_doctor_role": (
        "den læge, der har ansvaret for den samlede medicinering",
        "the doctor responsible for the whole medication",
    ),
    # line
    "drug": ("lægemidlets identitet", "the drug's identity"),
    "atc": ("ATC-koden", "the ATC code"),
    "status": ("status", "the status"),
    "fixed": ("ordinationen er fast behandling", "the line is fixed treatment"),
    "as_needed": ("ordinationen er PN (efter behov)", "the line is as needed (PN)"),
    "dosage_specified": ("ordinationen har en dosering", "the line has a dosage"),
    "course": ("behandlingsforløbet", "the course of therapy"),
    "dose_dispensed": ("ordinationen er dosisdispenseret", "the line is dose-dispensed"),
    "start_offset": ("ordinationens start eller dosisændring", "the line's start or dose change"),
    "has_reassessment_date": (
        "ordinationen har en revurderingsdato",
        "the line has a reassessment date",
    ),
    "reassessment_offset": ("revurderingsdatoen", "the reassessment date"),
    "reassessment_months_ahead": (
        "antal kalendermåneder frem til revurderingsdatoen (rundet op)",
        "calendar months ahead to the reassessment date (rounded up)",
    ),
    "prescriber_sector": ("den ordinerende læges sektor", "the prescriber's sector"),
    "atc4": ("ATC-gruppen (niveau 4)", "the ATC group (level 4)"),
    "duplication_drug_count": (
        "antal forskellige lægemidler i ordinationens dobbeltbehandlingsgruppe",
        "different drugs in the line's duplication group",
    ),
    "duplication_prescriber_count": (
        "antal ordinerende læger i ordinationens dobbeltbehandlingsgruppe",
        "prescribers in the line's duplication group",
    ),
    "duplication_line_count": (
        "antal faste ordinationer i ordinationens dobbeltbehandlingsgruppe",
        "fixed lines in the line's duplication group",
    ),
    "duplication_lead": (
        "ordinationen taler for sin ordinerende læges ordinationer i dobbeltbehandlingsgruppen "
        "(én opgave pr. ordinerende)",
        "the line speaks for its prescriber's lines in the duplication group (one task per "
        "prescriber)",
    ),
    "substance_line_count": (
        "antal faste ordinationer af samme stof",
        "fixed lines of the same substance",
    ),
    "substance_prescriber_count": (
        "antal ordinerende læger for samme stof",
        "prescribers of the same substance",
    ),
    "substance_lead": (
        "ordinationen taler for ordinationerne af samme stof (én opgave)",
        "the line speaks for the lines of the same substance (one task)",
    ),
    "atc_lookup": (
        "navneopslaget, som kun findes, når ordinationen mangler ATC-kode",
        "the name lookup, which exists only when the line has no ATC code",
    ),
    "habit_forming": (
        "lægemidlet er vanedannende (en gruppe i vanedannende-grupper.yaml)",
        "the drug is habit-forming (a group of vanedannende-grupper.yaml)",
    ),
    "habit_forming_horizon_months": (
        "den vanedannende gruppes revurderingshorisont i måneder",
        "the habit-forming group's reassessment horizon in months",
    ),
    "course_days": (
        "behandlingsforløbets længde i dage (start til slut)",
        "the course's length in days (start to end)",
    ),
    "drug_classes": (
        "lægemidlets klasser (dobbeltbehandling-klasser.yaml)",
        "the drug's classes (dobbeltbehandling-klasser.yaml)",
    ),
    "patient_nursing_home": ("patienten bor på plejehjem", "the patient lives in a nursing home"),
    "patient_age": ("patientens alder i år", "the patient's age in years"),
    "patient_home_care": ("patienten får hjemmepleje", "the patient receives home care"),
    # event
    "type": ("hændelsen", "the event"),
    "offset": ("hændelsens dato", "the event's date"),
    "performer_sector": ("udførerens sektor", "the performer's sector"),
}

EVENT_TYPES: dict[str, tuple[str, str]] = {
    "annual-check": ("en årskontrol (ydelse 0120)", "an annual check (fee code 0120)"),
    "outreach-visit": ("et opsøgende hjemmebesøg (ydelse 0121)", "an outreach visit (0121)"),
    "dose-dispensing-start": ("en start på dosisdispensering", "a dose-dispensing start"),
    "admission": ("en indlæggelse", "an admission"),
    "discharge": ("en udskrivelse", "a discharge"),
    "nursing-home-move": ("en flytning på plejehjem", "a move into a nursing home"),
    "home-care-start": ("en start på hjemmepleje", "a start of home care"),
}

KIND_WORDS: dict[FactKind, tuple[str, str]] = {
    "patient": ("For patienten", "For the patient"),
    "line": ("For hver aktuel ordination", "For each current line"),
    "event": ("For hver hændelse", "For each event"),
}

_AS_OF = {"da": "vurderingsdatoen", "en": "the evaluation date"}
_DAY_COMPARISONS = {
    "da": {
        "$lt": "ligger tidligere end",
        "$lte": "ligger senest",
        "$gt": "ligger senere end",
        "$gte": "ligger tidligst",
        "$neq": "ligger ikke",
    },
    "en": {
        "$lt": "is earlier than",
        "$lte": "is at the latest",
        "$gt": "is later than",
        "$gte": "is at the earliest",
        "$neq": "is not",
    },
}
# Comparisons with the evaluation date itself that need a preposition before it.
_ON_THE_DAY = frozenset({"$lte", "$gte", "$neq"})
_ON = {"da": "på", "en": "on"}
_COMPARISONS = {
    "da": {
        "$lt": "er under",
        "$lte": "er højst",
        "$gt": "er over",
        "$gte": "er mindst",
        "$neq": "er ikke",
    },
    "en": {
        "$lt": "is below",
        "$lte": "is at most",
        "$gt": "is above",
        "$gte": "is at least",
        "$neq": "is not",
    },
}
_LOGICAL = {"$and": "all", "$or": "any"}
_LOGICAL_WORDS = {
    "da": {"all": "Alle disse gælder:", "any": "Mindst én af disse gælder:"},
    "en": {"all": "All of these hold:", "any": "At least one of these holds:"},
}


def describe(expression: dict[str, Any], language: Language) -> Words:
    """The condition (already checked when the rule set loaded) in words."""
    ((key, value),) = expression.items()
    if key in _LOGICAL:
        return (_LOGICAL[key], [describe(part, language) for part in value])
    if key in ("$ex", "$nex"):
        ((name, _),) = value.items()
        known = {"da": "er angivet", "en": "is given"}[language]
        unknown = {"da": "er ikke angivet", "en": "is not given"}[language]
        return f"{_field(name, language)} {known if key == '$ex' else unknown}"
    if key in ("$mt", "$imt"):
        ((name, pattern),) = value.items()
        words = {"da": "matcher mønsteret", "en": "matches the pattern"}[language]
        return f"{_field(name, language)} {words} {pattern}"
    if key.startswith("$"):
        ((name, operand),) = value.items()
        return _comparison(name, key, operand, language)
    return _equality(key, value, language)


def logical_heading(mode: str, language: Language) -> str:
    return _LOGICAL_WORDS[language][mode]


def _field(name: str, language: Language) -> str:
    da, en = FIELDS.get(name, (name, name))
    return da if language == "da" else en


def _is_day(name: str) -> bool:
    return name == "offset" or name.endswith("_offset")


def _comparison(name: str, operator: str, operand: Any, language: Language) -> str:
    if _is_day(name):
        point = _day_operand(operand, language)
        if operand == 0 and operator in _ON_THE_DAY:  # "senest på vurderingsdatoen"
            point = f"{_ON[language]} {point}"
        return f"{_field(name, language)} {_DAY_COMPARISONS[language][operator]} {point}"
    words = _COMPARISONS[language][operator]
    return f"{_field(name, language)} {words} {_value(name, operand, language)}"


def _equality(name: str, value: Any, language: Language) -> str:
    if isinstance(value, bool):
        if value:
            return _field(name, language)
        return {"da": f"ikke: {_field(name, language)}", "en": f"not: {_field(name, language)}"}[
            language
        ]
    if name == "type" and isinstance(value, str) and value in EVENT_TYPES:
        da, en = EVENT_TYPES[value]
        return {"da": f"hændelsen er {da}", "en": f"the event is {en}"}[language]
    verb = "er" if language == "da" else "is"
    if _is_day(name):
        return f"{_field(name, language)} {verb} {_day_operand(value, language)}"
    return f"{_field(name, language)} {verb} {_value(name, value, language)}"


def _value(name: str, value: Any, language: Language) -> str:
    if isinstance(value, dict):
        return _computed(value, language)
    if isinstance(value, str):
        if language == "da" and name.endswith("_sector") and value in SECTORS:
            return SECTORS[value]
        if language == "da" and name.endswith("_role") and value in ROLES:
            return ROLES[value]
        return f'"{value}"'
    return str(value)


def _day_operand(operand: Any, language: Language) -> str:
    """-365 → "365 dage før vurderingsdatoen"; an operand that reads a field, in words."""
    if isinstance(operand, dict):
        return _computed(operand, language)
    days = int(operand)
    if days == 0:
        return _AS_OF[language]
    unit = {"da": ("dag", "dage"), "en": ("day", "days")}[language]
    count = f"{abs(days)} {unit[0] if abs(days) == 1 else unit[1]}"
    if language == "da":
        return f"{count} {'før' if days < 0 else 'efter'} {_AS_OF['da']}"
    return f"{count} {'before' if days < 0 else 'after'} {_AS_OF['en']}"


def _computed(operand: dict[str, Any], language: Language) -> str:
    ((key, value),) = operand.items()
    if key == "$m":
        return _field(str(value), language)
    signs = {"$add": "+", "$sub": "-", "$mul": "*", "$div": "/"}
    left, right = value["$l"], value["$r"]
    left_words = _computed(left, language) if isinstance(left, dict) else str(left)
    right_words = _computed(right, language) if isinstance(right, dict) else str(right)
    if key in ("$add", "$sub") and not isinstance(right, dict) and _reads_day(left):
        unit = {"da": "dage", "en": "days"}[language]
        return f"({left_words} {signs[key]} {right_words} {unit})"
    return f"({left_words} {signs[key]} {right_words})"


def _reads_day(operand: Any) -> bool:
    return isinstance(operand, dict) and "$m" in operand and _is_day(str(operand["$m"]))
