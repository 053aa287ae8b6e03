# language: da
Egenskab: Vanedannende medicin og NSAID
  Vanedannende medicin (benzodiazepiner og lignende, opioider, ADHD-medicin) skal have fokus
  på aftrapning; en ordination uden revurdering inden for 12 måneder bør revurderes af den
  ordinerende læge. Kilde: 003_7bf789397344ef82.txt, afsnittet "Vanedannende medicin".

  NSAID bør ikke sættes i gang i hjemmeplejen af hensyn til patientsikkerheden (003,
  "Håndkøbsmedicin i hjemmeplejen", om sygeplejerskers udvidede virksomhedsområde). At også en
  læges faste NSAID-ordination bør revurderes i hjemmeplejen, og grænsen på 75 år, er
  almindelig ældremedicinsk praksis, ikke kildens.

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
      | lægemiddel       | atc     | ordination  | fund       |
      | Zopiclon 7,5 mg  | N05CF01 | fast        | et fund    |
      | Oxazepam 15 mg   | N05BA04 | efter behov | et fund    |
      | Tramadol 50 mg   | N02AX02 | fast        | et fund    |
      | Metylphenidat    | N06BA04 | fast        | et fund    |
      | Paracetamol      | N02BE01 | fast        | intet fund |
      | Mirtazapin 15 mg | N06AX11 | fast        | intet fund |

  @DRUG-HABIT-FORMING-REASSESSMENT
  Abstrakt Scenario: En revurderingsdato inden for 12 måneder er nok
    Givet patienten får "Zopiclon 7,5 mg" (N05CF01) fast med revurderingsdato <hvornår>
    Når medicinen vurderes
    Så giver reglen DRUG-HABIT-FORMING-REASSESSMENT <fund>

    Eksempler:
      | hvornår     | fund       |
      | om 30 dage  | intet fund |
      | om 365 dage | intet fund |
      | om 366 dage | et fund    |

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

  @DRUG-HABIT-FORMING-REASSESSMENT @DRUG-REASSESSMENT-OVERDUE
  Scenarie: En overskredet revurderingsdato på en fast ordination er en anden regels sag
    Givet patienten får "Zopiclon 7,5 mg" (N05CF01) fast med revurderingsdato for 10 dage siden
    Når medicinen vurderes
    Så giver reglen DRUG-HABIT-FORMING-REASSESSMENT intet fund
    Og giver reglen DRUG-REASSESSMENT-OVERDUE et fund

  @DRUG-HABIT-FORMING-REASSESSMENT @DRUG-REASSESSMENT-OVERDUE
  Scenarie: En overskredet revurderingsdato på en PN-ordination giver fundet
    Givet patienten får "Zopiclon 7,5 mg" (N05CF01) efter behov med revurderingsdato for 10 dage siden
    Når medicinen vurderes
    Så giver reglen DRUG-HABIT-FORMING-REASSESSMENT et fund
    Og giver reglen DRUG-REASSESSMENT-OVERDUE intet fund

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
    Og patienten får "Ibuprofen 400 mg" (M01AE01) fast
    Når medicinen vurderes
    Så giver reglen DRUG-NSAID-ELDERLY <fund>

    Eksempler:
      | alder | fund       |
      | 74    | intet fund |
      | 75    | et fund    |
      | 92    | et fund    |

  @DRUG-NSAID-ELDERLY
  Scenarie: NSAID i hjemmeplejen, også under 75 år
    Givet en patient på 68 år
    Og patienten får hjemmepleje
    Og patienten får "Naproxen 250 mg" (M01AE02) fast
    Når medicinen vurderes
    Så giver reglen DRUG-NSAID-ELDERLY et fund
    Og ligger opgaven "revurder lægemidlet" fra DRUG-NSAID-ELDERLY hos ordinerende læge i almen praksis

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
