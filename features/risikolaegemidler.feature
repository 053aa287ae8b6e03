# language: da
Egenskab: Vanedannende medicin og NSAID
  Vanedannende medicin skal have fokus på aftrapning; en ordination uden revurdering inden for
  gruppens frist bør revurderes af den ordinerende læge. Grupperne og fristerne står i
  rules/vanedannende-grupper.yaml: benzodiazepiner (også clonazepam), z-hypnotika,
  klomethiazol, opioider, hostemidler med opioid (kodein, etylmorfin) og centralstimulerende
  ADHD-medicin, alle med 12 måneder. Kun ADHD-medicinens 12 måneder er kildens (fremmøde en
  gang årligt); de andre er projektets valg. En kur på højst 28 dage (4 uger) med slutdato
  behøver ingen revurderingsdato; de 28 dage er projektets valg.
  Kilde: 003_7bf789397344ef82.txt, afsnittet "Vanedannende medicin".

  NSAID bør ikke sættes i gang i hjemmeplejen af hensyn til patientsikkerheden (003,
  "Håndkøbsmedicin i hjemmeplejen", om sygeplejerskers udvidede virksomhedsområde).
  Plejehjemmets personale er kommunens og giver medicinen som hjemmeplejen, så det gælder også
  plejehjemsbeboere. At også en læges faste NSAID-ordination bør revurderes, og grænsen på 75
  år, er projektets valg efter almindelig ældremedicinsk praksis, ikke kildens. Hvad der er
  NSAID, står i klassen "nsaid" i rules/dobbeltbehandling-klasser.yaml.

  Baggrund:
    Givet en patient på 80 år
    Og vurderingsdatoen er 2026-06-15
    Og patienten får 3 forskellige lægemidler fast

  @DRUG-HABIT-FORMING-REASSESSMENT
  Abstrakt Scenario: Vanedannende medicin uden revurderingsdato
    Givet patienten får "<lægemiddel>" (<atc>) <ordination>
    Når medicinen vurderes
    Så giver reglen DRUG-HABIT-FORMING-REASSESSMENT <fund>

    Eksempler:
      | lægemiddel              | atc     | ordination  | fund       |
      | Zopiclon 7,5 mg         | N05CF01 | fast        | et fund    |
      | Oxazepam 15 mg          | N05BA04 | efter behov | et fund    |
      | Rivotril 0,5 mg         | N03AE01 | fast        | et fund    |
      | Heminevrin 300 mg       | N05CM02 | efter behov | et fund    |
      | Tramadol 50 mg          | N02AX02 | fast        | et fund    |
      | Kodein hostesaft        | R05DA04 | efter behov | et fund    |
      | Cocillana-Etyfin        | R05DA01 | efter behov | et fund    |
      | Metylphenidat           | N06BA04 | fast        | et fund    |
      | Noscapin                | R05DA07 | efter behov | intet fund |
      | Dextromethorphan        | R05DA09 | efter behov | intet fund |
      | Strattera (atomoxetin)  | N06BA09 | fast        | intet fund |
      | Valproat                | N03AG01 | fast        | intet fund |
      | Paracetamol             | N02BE01 | fast        | intet fund |
      | Mirtazapin 15 mg        | N06AX11 | fast        | intet fund |

  @DRUG-HABIT-FORMING-REASSESSMENT
  Abstrakt Scenario: Fundet nævner gruppen og siger én gang, hvad der mangler
    Givet patienten får "<lægemiddel>" (<atc>) fast
    Når medicinen vurderes
    Så nævner fundet fra DRUG-HABIT-FORMING-REASSESSMENT "er vanedannende (<gruppe>), og ordinationen har ingen revurderingsdato."

    Eksempler:
      | lægemiddel         | atc     | gruppe                         |
      | Rivotril 0,5 mg    | N03AE01 | benzodiazepin                  |
      | Zopiclon 7,5 mg    | N05CF01 | z-hypnotikum                   |
      | Heminevrin 300 mg  | N05CM02 | klomethiazol                   |
      | Contalgin 10 mg    | N02AA01 | opioid                         |
      | Metadon 5 mg       | N07BC02 | opioid                         |
      | Kodein hostesaft   | R05DA04 | opioidholdigt hostemiddel      |
      | Metylphenidat      | N06BA04 | centralstimulerende lægemiddel |

  @DRUG-HABIT-FORMING-REASSESSMENT
  Abstrakt Scenario: En revurderingsdato inden for 12 måneder er nok
    Givet patienten får "<lægemiddel>" (<atc>) fast med revurderingsdato <hvornår>
    Når medicinen vurderes
    Så giver reglen DRUG-HABIT-FORMING-REASSESSMENT <fund>

    Eksempler:
      | lægemiddel      | atc     | hvornår     | fund       |
      | Zopiclon 7,5 mg | N05CF01 | om 30 dage  | intet fund |
      | Zopiclon 7,5 mg | N05CF01 | om 365 dage | intet fund |
      | Zopiclon 7,5 mg | N05CF01 | om 366 dage | et fund    |
      | Tramadol 50 mg  | N02AX02 | om 365 dage | intet fund |
      | Tramadol 50 mg  | N02AX02 | om 366 dage | et fund    |
      | Metylphenidat   | N06BA04 | om 365 dage | intet fund |
      | Metylphenidat   | N06BA04 | om 366 dage | et fund    |

  @DRUG-HABIT-FORMING-REASSESSMENT
  Scenarie: En revurderingsdato for langt fremme siges som det, den er
    Givet patienten får "Zopiclon 7,5 mg" (N05CF01) fast med revurderingsdato om 400 dage
    Når medicinen vurderes
    Så nævner fundet fra DRUG-HABIT-FORMING-REASSESSMENT "er vanedannende (z-hypnotikum), og revurderingsdatoen"
    Og nævner fundet fra DRUG-HABIT-FORMING-REASSESSMENT "ligger mere end 12 måneder frem."

  @DRUG-HABIT-FORMING-REASSESSMENT
  Abstrakt Scenario: 12 måneder er kalendermåneder, også hen over en skuddag
    Givet vurderingsdatoen er 2027-06-15
    Og patienten får "Zopiclon 7,5 mg" (N05CF01) fast med revurderingsdato <dato>
    Når medicinen vurderes
    Så giver reglen DRUG-HABIT-FORMING-REASSESSMENT <fund>

    Eksempler:
      | dato       | fund       |
      | 2028-06-15 | intet fund |
      | 2028-06-16 | et fund    |

  @DRUG-HABIT-FORMING-REASSESSMENT
  Abstrakt Scenario: En kur på højst 4 uger behøver ingen revurderingsdato
    Givet patienten får "Tramadol 50 mg" (N02AX02) som tidsbegrænset kur i <dage> dage fra for 1 dag siden
    Når medicinen vurderes
    Så giver reglen DRUG-HABIT-FORMING-REASSESSMENT <fund>

    Eksempler:
      | dage | fund       |
      | 5    | intet fund |
      | 28   | intet fund |
      | 29   | et fund    |
      | 35   | et fund    |

  @DRUG-HABIT-FORMING-REASSESSMENT
  Scenarie: En kur uden slutdato kan vare ved og skal have en revurderingsdato
    Givet patienten får "Tramadol 50 mg" (N02AX02) som tidsbegrænset kur
    Når medicinen vurderes
    Så giver reglen DRUG-HABIT-FORMING-REASSESSMENT et fund

  @DRUG-HABIT-FORMING-REASSESSMENT @DRUG-REASSESSMENT-OVERDUE
  Scenarie: En overskredet revurderingsdato på en fast ordination er en anden regels sag
    Givet patienten får "Zopiclon 7,5 mg" (N05CF01) fast med revurderingsdato for 10 dage siden
    Når medicinen vurderes
    Så giver reglen DRUG-HABIT-FORMING-REASSESSMENT intet fund
    Og giver reglen DRUG-REASSESSMENT-OVERDUE et fund
    Og nævner fundet fra DRUG-REASSESSMENT-OVERDUE "for 10 dage siden. Lægemidlet er vanedannende (z-hypnotikum)."

  @DRUG-REASSESSMENT-OVERDUE
  Scenarie: Et lægemiddel, der ikke er vanedannende, kaldes ikke vanedannende
    Givet patienten får "Simvastatin 20 mg" (C10AA01) fast med revurderingsdato for 10 dage siden
    Når medicinen vurderes
    Så giver reglen DRUG-REASSESSMENT-OVERDUE et fund
    Og nævner fundet fra DRUG-REASSESSMENT-OVERDUE ikke "vanedannende"

  @DRUG-HABIT-FORMING-REASSESSMENT @DRUG-REASSESSMENT-OVERDUE
  Scenarie: En overskredet revurderingsdato på en PN-ordination giver fundet
    Givet patienten får "Zopiclon 7,5 mg" (N05CF01) efter behov med revurderingsdato for 10 dage siden
    Når medicinen vurderes
    Så giver reglen DRUG-HABIT-FORMING-REASSESSMENT et fund
    Og giver reglen DRUG-REASSESSMENT-OVERDUE intet fund
    Og nævner fundet fra DRUG-HABIT-FORMING-REASSESSMENT "er vanedannende (z-hypnotikum), og revurderingsdatoen"
    Og nævner fundet fra DRUG-HABIT-FORMING-REASSESSMENT "er overskredet."

  @DRUG-HABIT-FORMING-REASSESSMENT
  Scenarie: Den ordinerende læge revurderer, og det er til orientering
    Givet patienten får "Zopiclon 7,5 mg" (N05CF01) fast, ordineret af hospitalet
    Når medicinen vurderes
    Så henviser fundet fra DRUG-HABIT-FORMING-REASSESSMENT til ordinationen af "Zopiclon 7,5 mg"
    Og ligger opgaven "revurder lægemidlet" fra DRUG-HABIT-FORMING-REASSESSMENT hos ordinerende læge i hospital
    Og er medicingennemgang ikke aktuel

  @DRUG-NSAID-ELDERLY
  Abstrakt Scenario: NSAID i fast behandling fra 75 år
    Givet en patient på <alder> år
    Og patienten får "<lægemiddel>" (<atc>) fast
    Når medicinen vurderes
    Så giver reglen DRUG-NSAID-ELDERLY <fund>

    Eksempler:
      | alder | lægemiddel       | atc     | fund       |
      | 74    | Ibuprofen 400 mg | M01AE01 | intet fund |
      | 75    | Ibuprofen 400 mg | M01AE01 | et fund    |
      | 92    | Ibuprofen 400 mg | M01AE01 | et fund    |
      | 80    | Celebra 200 mg   | M01AH01 | et fund    |
      | 80    | Nabumeton 500 mg | M01AX01 | et fund    |

  @DRUG-NSAID-ELDERLY
  Scenarie: Fundet siger, hvem patienten er
    Givet patienten får "Celebra 200 mg" (M01AH01) fast
    Når medicinen vurderes
    Så nævner fundet fra DRUG-NSAID-ELDERLY "En patient på 80 år får Celebra 200 mg (M01AH01, et NSAID) fast;"
    Og nævner fundet fra DRUG-NSAID-ELDERLY "NSAID bør revurderes fra 75 år og hos patienter i hjemmepleje eller på plejehjem."

  @DRUG-NSAID-ELDERLY
  Scenarie: NSAID i hjemmeplejen, også under 75 år
    Givet en patient på 68 år
    Og patienten får hjemmepleje
    Og patienten får "Naproxen 250 mg" (M01AE02) fast
    Når medicinen vurderes
    Så giver reglen DRUG-NSAID-ELDERLY et fund
    Og nævner fundet fra DRUG-NSAID-ELDERLY "En patient på 68 år i hjemmepleje får Naproxen 250 mg"
    Og ligger opgaven "revurder lægemidlet" fra DRUG-NSAID-ELDERLY hos ordinerende læge i almen praksis

  @DRUG-NSAID-ELDERLY
  Scenarie: NSAID på plejehjem, også under 75 år
    Givet en patient på 70 år
    Og patienten bor på plejehjem uden fast tilknyttet plejehjemslæge
    Og patienten får "Celebra 200 mg" (M01AH01) fast
    Når medicinen vurderes
    Så giver reglen DRUG-NSAID-ELDERLY et fund
    Og nævner fundet fra DRUG-NSAID-ELDERLY "En patient på 70 år, der bor på plejehjem, får Celebra 200 mg"
    Og ligger opgaven "revurder lægemidlet" fra DRUG-NSAID-ELDERLY hos ordinerende læge i almen praksis

  @DRUG-NSAID-ELDERLY
  Abstrakt Scenario: På plejehjem tæller kun NSAID i fast behandling
    Givet en patient på 70 år
    Og patienten bor på plejehjem og har samtykket til en fast tilknyttet plejehjemslæge
    Og patienten får "<lægemiddel>" (<atc>) <ordination>
    Når medicinen vurderes
    Så giver reglen DRUG-NSAID-ELDERLY <fund>

    Eksempler:
      | lægemiddel        | atc     | ordination            | fund       |
      | Ibuprofen 400 mg  | M01AE01 | fast                  | et fund    |
      | Ibuprofen 400 mg  | M01AE01 | efter behov           | intet fund |
      | Glucosamin 400 mg | M01AX05 | fast                  | intet fund |

  @DRUG-NSAID-ELDERLY
  Abstrakt Scenario: Kun NSAID i fast behandling tæller
    Givet patienten får "<lægemiddel>" (<atc>) <ordination>
    Når medicinen vurderes
    Så giver reglen DRUG-NSAID-ELDERLY intet fund

    Eksempler:
      | lægemiddel        | atc     | ordination            |
      | Ibuprofen 400 mg  | M01AE01 | efter behov           |
      | Ibuprofen 400 mg  | M01AE01 | fast, men pauseret    |
      | Ibuprofen 400 mg  | M01AE01 | som tidsbegrænset kur |
      | Glucosamin 400 mg | M01AX05 | fast                  |
      | Diacerein 50 mg   | M01AX21 | fast                  |
      | Avokado-soja      | M01AX26 | fast                  |
      | Paracetamol       | N02BE01 | fast                  |
