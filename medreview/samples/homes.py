"""The generated population's nursing homes: several per municipality, all names made up.

A resident's home is picked from the number of the patient, not from the population's
random generator, so that adding the homes changed no other generated value.
"""

from __future__ import annotations

import re

NURSING_HOMES: dict[str, tuple[str, ...]] = {
    "Københavns Kommune": (
        "Plejehjemmet Solgården",
        "Sundholm Plejecenter",
        "Plejeboligerne Kastanjehaven",
        "Bispebjerg Plejecenter",
    ),
    "Hvidovre Kommune": ("Plejecenter Engparken", "Omsorgscentret Strandmarken"),
    "Rødovre Kommune": ("Plejecentret Kærhaven", "Ekkodalshjemmet"),
    "Ballerup Kommune": ("Plejecenter Lindehaven", "Plejecentret Egebjerg"),
    "Hillerød Kommune": ("Plejecentret Skovhuset", "Bøgely Plejeboliger", "Plejehjemmet Solvang"),
    "Køge Kommune": ("Plejecenter Søparken", "Ølby Plejecenter"),
    "Næstved Kommune": ("Plejecentret Grønnegården", "Herlufsholm Plejehjem"),
    "Aarhus Kommune": (
        "Plejehjemmet Vestervang",
        "Lokalcenter Lyngbygård",
        "Plejecenter Møllevangen",
    ),
    "Odense Kommune": ("Plejecentret Ærtebjerghave", "Plejehjemmet Rosengården"),
}


def nursing_home_of(municipality: str, number: int) -> tuple[str, str]:
    """The id and name of patient ``number``'s nursing home in ``municipality``."""
    homes = NURSING_HOMES.get(municipality) or (f"Plejehjemmet i {municipality}",)
    name = homes[number % len(homes)]
    plain = name.lower()
    for danish, ascii_ in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        plain = plain.replace(danish, ascii_)
    return "plejehjem-" + re.sub(r"[^a-z0-9]+", "-", plain).strip("-"), name
