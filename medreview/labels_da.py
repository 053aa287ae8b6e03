"""The Danish words clinicians read for the contract's codes."""

from __future__ import annotations

from typing import Final

LEVELS: Final = {
    "required": "påkrævet",
    "recommended": "anbefalet",
    "optional": "kan overvejes",
    "info": "til orientering",
    "none": "ikke aktuel",
}

ROLES: Final = {
    "gp": "egen læge",
    "nursing-home-doctor": "fast tilknyttet plejehjemslæge",
    "prescriber": "ordinerende læge",
    "home-care": "hjemmeplejen",
    "dispensing-pharmacy": "dosisapoteket",
    "admitting-hospital": "indlæggende hospital",
}

SECTORS: Final = {
    "general-practice": "almen praksis",
    "specialist-practice": "speciallægepraksis",
    "hospital": "hospital",
    "municipality": "kommune",
    "pharmacy": "apotek",
    "unknown": "ukendt sektor",
}

ACTIONS: Final = {
    "medication-review": "medicingennemgang",
    "assess-dose-dispensing": "vurder dosisdispensering",
    "deregister-dose-dispensing": "afmeld dosisdispensering",
    "notify-pharmacy": "giv apoteket besked",
    "reassess-drug": "revurder lægemidlet",
    "administer-safely": "sikker medicinering",
}

# The owner a rule names (a field of the facts), as a clinician says it.
OWNER_FIELDS: Final = {
    "responsible_doctor": "den ansvarlige læge",
    "prescriber": ROLES["prescriber"],
    "performer": "den udførende",
    "admitting_hospital": ROLES["admitting-hospital"],
    "gp": ROLES["gp"],
    "own_doctor": "egen læge, eller den faste plejehjemslæge (også under indlæggelse)",
    "nursing_home_doctor": ROLES["nursing-home-doctor"],
    "dispensing_pharmacy": ROLES["dispensing-pharmacy"],
    "municipality": ROLES["home-care"],
}
