"""How a drug's name is read before it is looked up: case-folded, without maker,
strength, dose form, release words and salts, with the routes its form words name and
whether it names a combination.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

Route = Literal[
    "oral", "injection", "transdermal", "rectal", "mouth", "nose", "inhalation",
    "topical", "eye", "ear", "vaginal",
]  # fmt: skip


_QUOTED = re.compile(r"[\"“”„«»][^\"“”„«»]*[\"“”„«»]|\[[^\]]*\]")


_NUMBER = r"\d+(?:[.,]\d+)?"


_UNIT = (
    r"(?:mg|g|mikrogram|mikrog|µg|μg|mcg|ug|ng|ml|l|e|ie|iu|unt|enheder|mmol|%|dosis|doser"
    r"|actuat|dose|doses|pust|hr|h|t|time|timer|døgn|day)(?![a-zæøå])"
)


_STRENGTH = re.compile(
    rf"(?<![a-zæøå0-9]){_NUMBER}\s*(?:{_UNIT})?"
    rf"(?:\s*/\s*(?:{_NUMBER}\s*(?:{_UNIT})?|{_UNIT}))*"
)


# "Pulver og solvens til injektionsvæske": the "og" joins a powder and its solvent.
_SOLVENT = re.compile(r"\b(?:og|and) (?:solvens|solvent)\b")


_SPLIT = re.compile(r"[\s,;:()]+")


_COMBINED = frozenset({"+", "/", "&"})


_COMBINING_WORDS = frozenset({"og", "and", "med", "with", "comp", "plus"})


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Dose forms, each with the route its ATC code depends on (WHO gives topical, eye and
# rectal forms of many substances codes of their own).
_FORMS: dict[Route, tuple[str, ...]] = {
    "oral": _words(
        "tablet tablets tabletter tablett tabl tbl filmovertrukne filmovertrukket overtrukne "
        "depottablet depottabletter enterotablet enterotabletter smeltetablet smeltetabletter "
        "brusetablet brusetabletter tyggetablet tyggetabletter dispergible kapsel kapsler "
        "depotkapsel depotkapsler enterokapsel enterokapsler hårde bløde mikstur oral orale "
        "dråber granulat sirup syrup capsule capsules chewable disintegrating orodispersible "
        "elixir"
    ),
    "injection": _words(
        "injektionsvæske injektion infusionsvæske infusion injection injectable prefilled "
        "syringe auto-injector injektionssprøjte penfill kwikpen flexpen flextouch solostar "
        "intravenous subcutaneous intramuscular"
    ),
    "transdermal": _words("depotplaster plaster transdermal patch system"),
    "rectal": _words(
        "suppositorier suppositorie stikpiller stikpille rektalvæske rektiol klysma rectal "
        "suppository suppositories enema"
    ),
    "mouth": _words(
        "mundhulevæske mundhulespray mundspray resoribletter sugetabletter "
        "sublingvaltabletter sublingual buccal oromucosal mucosal lozenge"
    ),
    "nose": _words("næsespray næsedråber nasal"),
    "inhalation": _words(
        "inhalationspulver inhalationsspray inhalationsvæske inhalator inhaler turbuhaler "
        "easyhaler diskus breezhaler ellipta respimat handihaler genuair inhalation inhalant "
        "metered"
    ),
    "topical": _words(
        "gel creme salve liniment kutanopløsning kutanspray shampoo topical cream ointment "
        "lotion emulgel"
    ),
    "eye": _words("øjendråber øjensalve øjengel ophthalmic"),
    "ear": _words("øredråber otic"),
    "vaginal": _words("vagitorier vaginalcreme vaginaltabletter vaginal vaginalring"),
}


_ROUTE_OF = {word: route for route, words in _FORMS.items() for word in words}


# Words that say how, never what: release, packaging, "solution". Not "forte", "mite" or
# "junior": "Pinex Forte" is a combination, and the list may name such products itself.
_NEUTRAL = frozenset(
    _words(
        "retard depot uno cr sr xl mr zok abuse-deterrent extended release delayed prolonged "
        "modified "
        "controlled film coated opløsning suspension solution pulver powder til for per "
        "spray dry solvens solvent dose drops"
    )
)


# Salts: WHO's index names the substance without them ("metformin", not "metformin
# hydrochloride"), and a salt never makes another substance of it.
_SALTS = frozenset(
    _words(
        "hydrochloride hydrochlorid hcl hydrobromide hydrobromid sodium natrium potassium "
        "kalium calcium magnesium succinate succinat tartrate tartrat bitartrate maleate "
        "maleat sulfate sulfat sulphate acetate acetat mesylate mesilate mesilat besylate "
        "besilate besilat fumarate fumarat citrate citrat phosphate fosfat chloride klorid "
        "bromide bromid carbonate carbonat dihydrate dihydrat monohydrate monohydrat "
        "trihydrate trihydrat"
    )
)


_DROPPED = frozenset(_ROUTE_OF) | _NEUTRAL | _SALTS


# Trade marks written into a name ("Oxapax®") say nothing of the substance.
_MARKS = str.maketrans({"®": " ", "™": " ", "©": " "})


@dataclass(frozen=True, slots=True)
class ReadName:
    """A drug name as the lookup reads it."""

    key: str  # what is compared with the list: "oxapax"
    routes: frozenset[str]  # the routes its form words name
    combined: bool  # it holds "+", "/", "og", "med" or the like


@functools.lru_cache(maxsize=4096)
def read_name(name: str) -> ReadName:
    """``name`` case-folded, without maker, strength, form and salt."""
    text = _QUOTED.sub(" ", name.casefold()).translate(_MARKS)
    text = _SOLVENT.sub(" ", _STRENGTH.sub(" ", text))
    combined = any(mark in text for mark in _COMBINED)
    words = [w.strip(".") for w in _SPLIT.split(text.replace("+", " + ").replace("/", " / "))]
    words = [w for w in words if w and w not in _COMBINED]
    combined = combined or any(w in _COMBINING_WORDS for w in words)
    routes = frozenset(_ROUTE_OF[w] for w in words if w in _ROUTE_OF)
    kept = [w for w in words if w not in _DROPPED and w not in _COMBINING_WORDS]
    return ReadName(" ".join(kept), routes, combined)
