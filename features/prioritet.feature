# language: da
Egenskab: Prioritet på arbejdslisten
  Hver patient får en prioritet fra 1 (mest akut) til 5, så de skrøbeligste patienter står
  øverst på arbejdslisten. Tegnene på skrøbelighed giver point, og summen giver prioriteten:
  6 point eller flere giver 1, 4-5 giver 2, 2-3 giver 3, 1 giver 4, og 0 giver 5.
  Tegnene og deres point står i rules/prioritet.yaml, skalaen i rules/ruleset.yaml. En opgave,
  som kilden gør til pligt (påkrævet), giver også point. Kilderne giver ingen point: hvert
  pointtal er projektets valg.

  Baggrund:
    Givet vurderingsdatoen er 2026-06-15
    Og patienten har aldrig fået en medicingennemgang

  @PRIO-AGE-75
  Abstrakt Scenario: 75 år eller mere giver 1 point
    Givet en patient på <alder> år
    Og patienten får 3 forskellige lægemidler fast
    Når medicinen vurderes
    Så har patienten prioritet <prioritet>

    Eksempler:
      | alder | prioritet |
      | 74    | 5         |
      | 75    | 4         |

  @PRIO-AGE-75
  Scenarie: En yngre patient uden tegn på skrøbelighed har prioritet 5
    Givet en patient på 60 år
    Og patienten får 3 forskellige lægemidler fast
    Når medicinen vurderes
    Så har patienten prioritet 5
    Og er der ingen grunde til prioriteten

  @PRIO-NURSING-HOME
  Scenarie: Plejehjemsbeboere giver 2 point
    Givet en patient på 70 år
    Og patienten bor på plejehjem uden fast tilknyttet plejehjemslæge
    Og patienten får 3 forskellige lægemidler fast
    Når medicinen vurderes
    Så tæller PRIO-NURSING-HOME med 2 point
    Og har patienten prioritet 3

  @PRIO-NURSING-HOME
  Scenarie: Hjemmepleje er ikke plejehjem
    Givet en patient på 70 år
    Og patienten får hjemmepleje
    Og patienten får 3 forskellige lægemidler fast
    Når medicinen vurderes
    Så tæller PRIO-NURSING-HOME ikke med
    Og har patienten prioritet 5

  @PRIO-TEN-OR-MORE-DRUGS
  Abstrakt Scenario: 10 eller flere faste lægemidler giver 2 point
    Givet en patient på 60 år
    Og patienten får <antal> forskellige lægemidler fast
    Når medicinen vurderes
    Så har patienten prioritet <prioritet>

    Eksempler:
      | antal | prioritet |
      | 9     | 5         |
      | 10    | 3         |

  @PRIO-TEN-OR-MORE-DRUGS
  Scenarie: PN-ordinationer tæller ikke med i de 10
    Givet en patient på 60 år
    Og patienten får 9 forskellige lægemidler fast
    Og patienten får "Paracetamol" (N02BE01) efter behov
    Når medicinen vurderes
    Så tæller PRIO-TEN-OR-MORE-DRUGS ikke med

  @PRIO-RECENT-DISCHARGE
  Abstrakt Scenario: En udskrivelse inden for 30 dage giver 2 point
    Givet en patient på 60 år
    Og patienten får 3 forskellige lægemidler fast
    Og patienten blev udskrevet fra hospitalet <hvornår>
    Når medicinen vurderes
    Så har patienten prioritet <prioritet>

    Eksempler:
      | hvornår           | prioritet |
      | i dag             | 3         |
      | for 30 dage siden | 3         |
      | for 31 dage siden | 5         |

  @PRIO-RECENT-DISCHARGE @PRIO-NURSING-HOME
  Scenarie: Pointene lægges sammen
    Givet en patient på 70 år
    Og patienten bor på plejehjem uden fast tilknyttet plejehjemslæge
    Og patienten får 3 forskellige lægemidler fast
    Og patienten blev udskrevet fra hospitalet for 5 dage siden
    Når medicinen vurderes
    Så tæller PRIO-RECENT-DISCHARGE med 2 point
    Og tæller PRIO-NURSING-HOME med 2 point
    Og har patienten prioritet 2

  @PRIO-RISK-DRUG
  Abstrakt Scenario: Vanedannende medicin eller NSAID, der bør revurderes, giver 1 point
    Givet en patient på <alder> år
    Og patienten får 3 forskellige lægemidler fast
    Og patienten får "<lægemiddel>" (<atc>) fast
    Når medicinen vurderes
    Så tæller PRIO-RISK-DRUG med 1 point
    Og har patienten prioritet <prioritet>

    Eksempler:
      | alder | lægemiddel       | atc     | prioritet |
      | 60    | Zopiclon 7,5 mg  | N05CF01 | 4         |
      | 80    | Ibuprofen 400 mg | M01AE01 | 3         |

  @PRIO-RISK-DRUG
  Scenarie: Både vanedannende medicin og NSAID giver stadig kun 1 point
    Givet en patient på 80 år
    Og patienten får 3 forskellige lægemidler fast
    Og patienten får "Zopiclon 7,5 mg" (N05CF01) fast
    Og patienten får "Ibuprofen 400 mg" (M01AE01) fast
    Når medicinen vurderes
    Så tæller PRIO-RISK-DRUG med 1 point
    Og har patienten prioritet 3

  @PRIO-RISK-DRUG @DRUG-REASSESSMENT-OVERDUE @DRUG-HABIT-FORMING-REASSESSMENT
  Abstrakt Scenario: Vanedannende medicin over sin revurderingsdato tæller som uden dato
    Givet en patient på 60 år
    Og patienten får 3 forskellige lægemidler fast
    Og patienten får "Metylphenidat" (N06BA04) <ordination>
    Når medicinen vurderes
    Så giver reglen <regel> et fund
    Og tæller PRIO-RISK-DRUG med 1 point
    Og har patienten prioritet 4

    Eksempler:
      | ordination                                | regel                           |
      | fast                                      | DRUG-HABIT-FORMING-REASSESSMENT |
      | fast med revurderingsdato for 1 dag siden | DRUG-REASSESSMENT-OVERDUE       |
      | fast med revurderingsdato for 400 dage siden | DRUG-REASSESSMENT-OVERDUE    |

  @PRIO-RISK-DRUG @DRUG-REASSESSMENT-OVERDUE
  Scenarie: Anden medicin over sin revurderingsdato giver ikke point
    Givet en patient på 60 år
    Og patienten får 3 forskellige lægemidler fast
    Og patienten får "Alendronsyre" (M05BA04) fast med revurderingsdato for 10 dage siden
    Når medicinen vurderes
    Så giver reglen DRUG-REASSESSMENT-OVERDUE et fund
    Og tæller PRIO-RISK-DRUG ikke med
    Og har patienten prioritet 5

  @PRIO-RISK-DRUG
  Scenarie: Vanedannende medicin med revurderingsdato giver ikke point
    Givet en patient på 60 år
    Og patienten får 3 forskellige lægemidler fast
    Og patienten får "Zopiclon 7,5 mg" (N05CF01) fast med revurderingsdato om 60 dage
    Når medicinen vurderes
    Så tæller PRIO-RISK-DRUG ikke med
    Og har patienten prioritet 5

  @PRIO-REVIEW-OVERDUE
  Scenarie: En påkrævet medicingennemgang og ingen gennemgang det seneste år giver 2 point
    Givet en patient på 60 år
    Og patienten får 5 forskellige lægemidler fast
    Og dosisdispensering starter om 10 dage
    Når medicinen vurderes
    Så kræves medicingennemgang
    Og tæller PRIO-REVIEW-OVERDUE med 2 point
    Og tæller PRIO-REQUIRED-TASK med 2 point
    Og har patienten prioritet 2

  @PRIO-REVIEW-OVERDUE @PRIO-REQUIRED-TASK
  Abstrakt Scenario: Det tæller kun, når den seneste medicingennemgang er over et år gammel
    Givet en patient på 60 år
    Og patienten får 5 forskellige lægemidler fast
    Og patientens seneste medicingennemgang var for <dage> dage siden
    Og dosisdispensering starter om 10 dage
    Når medicinen vurderes
    Så kræves medicingennemgang
    Og har patienten prioritet <prioritet>

    Eksempler:
      | dage | prioritet |
      | 365  | 3         |
      | 366  | 2         |

  @PRIO-REVIEW-OVERDUE
  Scenarie: En anbefalet medicingennemgang giver ikke point
    Givet en patient på 60 år
    Og patienten får 8 forskellige lægemidler fast
    Når medicinen vurderes
    Så anbefales medicingennemgang
    Og tæller PRIO-REVIEW-OVERDUE ikke med
    Og tæller PRIO-REQUIRED-TASK ikke med
    Og har patienten prioritet 5

  @PRIO-REQUIRED-TASK @DD-DEREGISTER-ON-ADMISSION
  Scenarie: At afmelde dosisdispenseringen er en påkrævet opgave og giver 2 point
    Givet en patient på 60 år
    Og patienten får 3 forskellige lægemidler fast
    Og dosisdispensering startede for 400 dage siden
    Og patienten blev indlagt for 3 dage siden og er stadig indlagt
    Når medicinen vurderes
    Så giver reglen DD-DEREGISTER-ON-ADMISSION et fund
    Og tæller PRIO-REQUIRED-TASK med 2 point
    Og har patienten prioritet 3
    Og har opgaven fra DD-DEREGISTER-ON-ADMISSION frist i dag

  @PRIO-REQUIRED-TASK @PRIO-NURSING-HOME @PRIO-AGE-75 @DRUG-REASSESSMENT-OVERDUE
  Scenarie: En skrøbelig patient med kun fund til orientering står ikke over en påkrævet opgave
    Givet en patient på 88 år
    Og patienten bor på plejehjem uden fast tilknyttet plejehjemslæge
    Og patienten får 3 forskellige lægemidler fast
    Og patienten får "Alendronsyre" (M05BA04) fast med revurderingsdato for 10 dage siden
    Og patientens seneste medicingennemgang var for 100 dage siden
    Når medicinen vurderes
    Så giver reglen DRUG-REASSESSMENT-OVERDUE et fund
    Og tæller PRIO-REQUIRED-TASK ikke med
    Og har patienten prioritet 3

  @PRIO-REQUIRED-TASK
  Scenarie: Flere påkrævede opgaver giver stadig kun 2 point
    Givet en patient på 60 år
    Og patienten får 3 forskellige lægemidler fast
    Og patientens seneste medicingennemgang var for 100 dage siden
    Og dosisdispensering startede for 400 dage siden
    Og patienten blev indlagt for 3 dage siden og er stadig indlagt
    Og der er booket årskontrol (ydelse 0120) hos egen læge om 10 dage
    Når medicinen vurderes
    Så kræves medicingennemgang
    Og giver reglen DD-DEREGISTER-ON-ADMISSION et fund
    Og tæller PRIO-REQUIRED-TASK med 2 point
    Og tæller PRIO-REVIEW-OVERDUE ikke med
    Og har patienten prioritet 3

  @PRIO-NURSING-HOME @PRIO-TEN-OR-MORE-DRUGS @PRIO-AGE-75 @PRIO-REVIEW-OVERDUE @PRIO-REQUIRED-TASK
  Scenarie: Den skrøbeligste patient står øverst
    Givet en patient på 88 år
    Og patienten bor på plejehjem og har samtykket til en fast tilknyttet plejehjemslæge
    Og patienten får 10 forskellige lægemidler fast
    Og dosisdispensering starter om 7 dage
    Når medicinen vurderes
    Så har patienten prioritet 1
    Og tæller PRIO-NURSING-HOME med 2 point
    Og tæller PRIO-TEN-OR-MORE-DRUGS med 2 point
    Og tæller PRIO-AGE-75 med 1 point
    Og tæller PRIO-REVIEW-OVERDUE med 2 point
    Og tæller PRIO-REQUIRED-TASK med 2 point

  @PRIO-AGE-75 @DATA-PATIENT-DECEASED
  Scenarie: En afdød patient står nederst
    Givet en patient på 88 år
    Og patienten får 10 forskellige lægemidler fast
    Og patienten døde for 3 dage siden
    Når medicinen vurderes
    Så har patienten prioritet 5
    Og er der ingen grunde til prioriteten
