"""The generated population's vocabulary: names, towns, streets, the drugs elderly Danes
take most, and the options of a population. All made up or public knowledge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from medreview import codes

REFERENCE_DATE = date(2026, 6, 15)

MR = codes.MR_BASE

# ATC code, Danish product, dose text, weight (how often elderly Danes have it).
FIXED_DRUGS: tuple[tuple[str, str, str, int], ...] = (
    ("B01AC06", "Hjertemagnyl 75 mg", "1 tablet morgen", 30),
    ("C10AA05", 'Atorvastatin "Krka" 40 mg', "1 tablet til natten", 35),
    ("C10AA01", 'Simvastatin "Teva" 20 mg', "1 tablet til natten", 10),
    ("A02BC02", 'Pantoprazol "Actavis" 20 mg', "1 tablet morgen", 30),
    ("A02BC05", 'Esomeprazol "Krka" 20 mg', "1 tablet morgen", 8),
    ("C03CA01", "Furix 40 mg", "1 tablet morgen", 25),
    ("C03AB01", "Centyl med kaliumklorid", "1 tablet morgen", 8),
    ("C08CA01", 'Amlodipin "Sandoz" 5 mg', "1 tablet morgen", 25),
    ("C07AB02", 'Metoprolol "Hexal" 50 mg', "1 tablet morgen", 22),
    ("C09AA02", 'Enalapril "Alternova" 10 mg', "1 tablet morgen", 12),
    ("C09CA01", 'Losartan "Teva" 50 mg', "1 tablet morgen", 14),
    ("C09DA01", "Cozaar Comp 50 mg/12,5 mg", "1 tablet morgen", 6),
    ("B01AF02", "Eliquis 2,5 mg", "1 tablet 2 gange dagligt", 16),
    ("B01AF01", "Xarelto 15 mg", "1 tablet morgen", 8),
    ("A10BA02", 'Metformin "Actavis" 500 mg', "1 tablet 2 gange dagligt", 16),
    ("A10AE04", "Lantus 100 E/ml", "16 enheder til natten", 5),
    ("H03AA01", "Eltroxin 50 mikrogram", "1 tablet morgen fastende", 14),
    ("N06AB06", 'Sertralin "Stada" 50 mg', "1 tablet morgen", 14),
    ("N06AB04", 'Citalopram "Teva" 20 mg', "1 tablet morgen", 10),
    ("N06AX11", 'Mirtazapin "Krka" 15 mg', "1 tablet til natten", 12),
    ("N06DA02", 'Donepezil "Orion" 10 mg', "1 tablet til natten", 8),
    ("N05AH04", 'Quetiapin "Accord" 25 mg', "1 tablet til natten", 5),
    ("M05BA04", 'Alendronat "Teva" 70 mg', "1 tablet en gang ugentligt", 10),
    (
        "A12AX",
        'Calcium og D3-vitamin "Orifarm" 400 mg/19 mikrogram',
        "1 tablet 2 gange dagligt",
        25,
    ),
    ("A11CC05", "D-vitamin 20 mikrogram", "1 tablet dagligt", 10),
    ("N02BE01", "Pinex 1 g", "1 tablet 3 gange dagligt", 22),
    ("G04CA02", 'Tamsulosin "Sandoz" 0,4 mg', "1 kapsel morgen", 8),
    ("R03AK08", "Bufomix Easyhaler 160/4,5", "1 inhalation 2 gange dagligt", 6),
    ("B03BA01", "Cyanocobalamin injektion", "1 ml hver 3. måned", 5),
    ("N02AA05", "OxyContin 10 mg", "1 tablet 2 gange dagligt", 5),
)

AS_NEEDED_DRUGS: tuple[tuple[str, str, str], ...] = (
    ("N02BE01", "Pinex 500 mg", "1-2 tabletter efter behov, højst 4 gange dagligt"),
    ("A06AD11", 'Laktulose "Medic" 667 mg/ml', "15 ml efter behov"),
    ("A06AD65", "Movicol pulver", "1 brev efter behov"),
    ("N02AA05", "OxyNorm 5 mg", "1 kapsel efter behov"),
    ("N05CF01", "Imovane 7,5 mg", "1/2 tablet til natten efter behov"),
    ("N05BA04", "Oxapax 15 mg", "1 tablet efter behov"),
    ("A03FA01", "Metoclopramid 10 mg", "1 tablet efter behov"),
)

FEMALE_NAMES = (
    "Inger",
    "Kirsten",
    "Else",
    "Birthe",
    "Karen",
    "Hanne",
    "Grethe",
    "Anna",
    "Ruth",
    "Lis",
    "Bente",
    "Jytte",
    "Ingrid",
    "Edith",
    "Gerda",
    "Kamma",
    "Tove",
    "Ulla",
    "Aase",
    "Lene",
)

MALE_NAMES = (
    "Jens",
    "Poul",
    "Niels",
    "Erik",
    "Knud",
    "Hans",
    "Bent",
    "Ole",
    "Svend",
    "Jørgen",
    "Arne",
    "Henning",
    "Finn",
    "Leif",
    "Kaj",
    "Preben",
    "Verner",
    "Børge",
    "Carl",
    "Aage",
)

SURNAMES = (
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
)

TOWNS = (
    ("2400", "København NV", "Københavns Kommune"),
    ("2500", "Valby", "Københavns Kommune"),
    ("2650", "Hvidovre", "Hvidovre Kommune"),
    ("2610", "Rødovre", "Rødovre Kommune"),
    ("2750", "Ballerup", "Ballerup Kommune"),
    ("3400", "Hillerød", "Hillerød Kommune"),
    ("4600", "Køge", "Køge Kommune"),
    ("4700", "Næstved", "Næstved Kommune"),
    ("8000", "Aarhus C", "Aarhus Kommune"),
    ("5000", "Odense C", "Odense Kommune"),
)

STREETS = (
    "Tuborgvej",
    "Hvidovrevej",
    "Nørregade",
    "Søndergade",
    "Vestergade",
    "Skolevej",
    "Kirkevej",
    "Stationsvej",
    "Egevej",
    "Bøgevej",
    "Ringstedgade",
    "Slotsgade",
)


@dataclass(frozen=True)
class PopulationOptions:
    patients: int
    seed: int = 1
    around: date = REFERENCE_DATE
    narrative: bool = True
