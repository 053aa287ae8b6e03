# language: da
Egenskab: Årskontrol og opsøgende hjemmebesøg
  Almen praksis har pligt til at lave medicingennemgang ved årskontrol af kronisk syge
  (ydelse 0120, også under 75 år) og ved opsøgende hjemmebesøg hos skrøbelige ældre
  (ydelse 0121). En medicingennemgang inden for 30 dage før besøget dækker.
  Kilde: 001_a0c09080587247c1.txt §6.2.5 og §5.3.4.

  Baggrund:
    Givet en patient på 64 år
    Og vurderingsdatoen er 2026-06-15
    Og patienten får 5 forskellige lægemidler fast

  @MGG-ANNUAL-CHECK
  Scenarie: Booket årskontrol om 16 dage, medicingennemgang for et år siden
    Givet patientens seneste medicingennemgang var for 400 dage siden
    Og der er booket årskontrol (ydelse 0120) hos egen læge om 16 dage
    Når medicinen vurderes
    Så kræves medicingennemgang
    Og ligger opgaven "medicingennemgang" fra MGG-ANNUAL-CHECK hos egen læge i almen praksis
    Og ligger medicingennemgangen hos egen læge med frist om 16 dage
    Og nævner fundet fra MGG-ANNUAL-CHECK "Årskontrollen (ydelse 0120) ligger den 1. juli 2026, og der er ikke lavet medicingennemgang siden 30 dage før den (seneste: 11. maj 2025)."

  @MGG-ANNUAL-CHECK
  Abstrakt Scenario: Kun en årskontrol inden for de næste 30 dage tæller
    Givet patienten har aldrig fået en medicingennemgang
    Og der er booket årskontrol (ydelse 0120) hos egen læge <hvornår>
    Når medicinen vurderes
    Så <vurdering>

    Eksempler:
      | hvornår    | vurdering                         |
      | om 30 dage | kræves medicingennemgang          |
      | om 31 dage | er medicingennemgang ikke aktuel  |

  @MGG-ANNUAL-CHECK
  Abstrakt Scenario: En afholdt årskontrol inden for de seneste 30 dage tæller
    Givet patienten har aldrig fået en medicingennemgang
    Og der blev holdt årskontrol (ydelse 0120) hos egen læge <hvornår>
    Når medicinen vurderes
    Så <vurdering>

    Eksempler:
      | hvornår           | vurdering                         |
      | for 30 dage siden | kræves medicingennemgang          |
      | for 31 dage siden | er medicingennemgang ikke aktuel  |

  @MGG-ANNUAL-CHECK
  Abstrakt Scenario: En medicingennemgang fra 30 dage før kontrollen dækker
    Givet der er booket årskontrol (ydelse 0120) hos egen læge om 10 dage
    Og patientens seneste medicingennemgang var for <dage> dage siden
    Når medicinen vurderes
    Så <vurdering>

    Eksempler:
      | dage | vurdering                         |
      | 20   | er medicingennemgang ikke aktuel  |
      | 21   | kræves medicingennemgang          |

  @MGG-ANNUAL-CHECK
  Scenarie: Patient med type 2-diabetes, der følges på hospitalet
    Givet patienten har aldrig fået en medicingennemgang
    Og der blev holdt årskontrol (ydelse 0120) på hospitalets ambulatorium for 10 dage siden
    Når medicinen vurderes
    Så kræves medicingennemgang
    Og ligger opgaven "medicingennemgang" fra MGG-ANNUAL-CHECK hos ordinerende læge i hospital
    Og har opgaven fra MGG-ANNUAL-CHECK frist om 28 dage

  @MGG-OUTREACH-VISIT
  Scenarie: Opsøgende hjemmebesøg om 15 dage hos en skrøbelig ældre i hjemmeplejen
    Givet en patient på 91 år
    Og patienten får hjemmepleje
    Og patientens seneste medicingennemgang var for 45 dage siden
    Og der er booket opsøgende hjemmebesøg (ydelse 0121) hos egen læge om 15 dage
    Når medicinen vurderes
    Så kræves medicingennemgang
    Og ligger opgaven "medicingennemgang" fra MGG-OUTREACH-VISIT hos egen læge i almen praksis
    Og har opgaven fra MGG-OUTREACH-VISIT frist om 15 dage

  @MGG-OUTREACH-VISIT
  Abstrakt Scenario: Kun et besøg inden for 30 dage frem tæller
    Givet patienten har aldrig fået en medicingennemgang
    Og der er booket opsøgende hjemmebesøg (ydelse 0121) hos egen læge <hvornår>
    Når medicinen vurderes
    Så giver reglen MGG-OUTREACH-VISIT <fund>

    Eksempler:
      | hvornår    | fund       |
      | om 30 dage | et fund    |
      | om 31 dage | intet fund |

  @MGG-OUTREACH-VISIT
  Scenarie: En medicingennemgang 5 dage før besøget dækker
    Givet patientens seneste medicingennemgang var for 5 dage siden
    Og der er booket opsøgende hjemmebesøg (ydelse 0121) hos egen læge om 15 dage
    Når medicinen vurderes
    Så giver reglen MGG-OUTREACH-VISIT intet fund

  # Årlig overblikskonsultation ved flere kroniske sygdomme. Kilde: 003_7bf789397344ef82.txt,
  # afsnittet "Skabelon-kontroller": "Multisygdom eller komplikationer bør altid afstedkomme årlig
  # overblikskonsultation hos læge." Kun sygdomme i listen over kroniske sygdomme
  # (rules/kroniske-sygdomme.yaml) tæller, og hver gruppe tæller én gang. Medicingennemgangen hører
  # til overblikskonsultationen hos patientens egen læge, også under en indlæggelse.

  @MGG-MULTIMORBIDITY-OVERVIEW
  Scenarie: To kroniske sygdomme og ingen medicingennemgang i over et år
    Givet patientens seneste medicingennemgang var for 400 dage siden
    Og patienten har sygdommen "Hypertension" (DI10), aktiv
    Og patienten har sygdommen "Type 2-diabetes" (DE11), aktiv
    Når medicinen vurderes
    Så anbefales medicingennemgang
    Og giver reglen MGG-MULTIMORBIDITY-OVERVIEW et fund
    Og nævner fundet fra MGG-MULTIMORBIDITY-OVERVIEW "2 kroniske sygdomme (diabetes, forhøjet blodtryk)"
    Og ligger opgaven "medicingennemgang" fra MGG-MULTIMORBIDITY-OVERVIEW hos egen læge i almen praksis

  @MGG-MULTIMORBIDITY-OVERVIEW
  Scenarie: Én kronisk sygdom er ikke multisygdom, heller ikke med to diagnoser
    Givet patienten har aldrig fået en medicingennemgang
    Og patienten har sygdommen "Hypertension" (DI10), aktiv
    Og patienten har sygdommen "Hypertensiv hjertesygdom" (DI11), aktiv
    Når medicinen vurderes
    Så giver reglen MGG-MULTIMORBIDITY-OVERVIEW intet fund

  @MGG-MULTIMORBIDITY-OVERVIEW
  Scenarie: Tre kroniske sygdomme
    Givet patienten har aldrig fået en medicingennemgang
    Og patienten har sygdommen "Hypertension" (DI10), aktiv
    Og patienten har sygdommen "KOL" (DJ44), aktiv
    Og patienten har sygdommen "Atrieflimren" (DI48), aktiv
    Når medicinen vurderes
    Så giver reglen MGG-MULTIMORBIDITY-OVERVIEW et fund
    Og nævner fundet fra MGG-MULTIMORBIDITY-OVERVIEW "3 kroniske sygdomme (KOL, atrieflimren, forhøjet blodtryk)"

  @MGG-MULTIMORBIDITY-OVERVIEW
  Abstrakt Scenario: Kun aktive, bekræftede kroniske sygdomme tæller, hver sygdom én gang
    Givet patienten har aldrig fået en medicingennemgang
    Og patienten har sygdommen "Hypertension" (DI10), aktiv
    Og patienten har sygdommen "<sygdom>" (<kode>), <status>
    Når medicinen vurderes
    Så giver reglen MGG-MULTIMORBIDITY-OVERVIEW <fund>

    Eksempler:
      | sygdom                 | kode  | status               | fund       |
      | KOL                    | DJ44  | aktiv                | et fund    |
      | Depression             | DF32  | tilbagefald          | et fund    |
      | Depression             | DF32  | i remission          | intet fund |
      | KOL                    | DJ44  | afkræftet            | intet fund |
      | KOL                    | DJ44  | fejlregistreret      | intet fund |
      | KOL                    | DJ44  | mistænkt             | intet fund |
      | KOL                    | DJ44  | foreløbig            | intet fund |
      | KOL                    | DJ44  | differentialdiagnose | intet fund |
      | Hypertension           | DI10  | aktiv                | intet fund |
      | Essentiel hypertension | DI109 | aktiv                | intet fund |

  @MGG-MULTIMORBIDITY-OVERVIEW
  Abstrakt Scenario: En akut eller ikke-kronisk sygdom tæller ikke
    Givet patienten har aldrig fået en medicingennemgang
    Og patienten har sygdommen "Hypertension" (DI10), aktiv
    Og patienten har sygdommen "<sygdom>" (<kode>), aktiv
    Når medicinen vurderes
    Så giver reglen MGG-MULTIMORBIDITY-OVERVIEW intet fund

    Eksempler:
      | sygdom                       | kode                |
      | Blærebetændelse              | DN30                |
      | Forstuvning af ankel         | DS934               |
      | Knæartrose                   | DM17                |
      | Overdosis                    | SNOMED CT 55680006  |
      | Overvægt, BMI over 30        | SNOMED CT 162864005 |
      | Prædiabetes                  | SNOMED CT 15777000  |
      | Lungebetændelse, ikke ophørt | DJ18                |

  @MGG-MULTIMORBIDITY-OVERVIEW
  Scenarie: En helbredt akut sygdom tæller heller ikke
    Givet patienten har aldrig fået en medicingennemgang
    Og patienten har sygdommen "Hypertension" (DI10), aktiv
    Og patienten har sygdommen "Lungebetændelse" (DJ18), helbredt
    Når medicinen vurderes
    Så giver reglen MGG-MULTIMORBIDITY-OVERVIEW intet fund

  @MGG-MULTIMORBIDITY-OVERVIEW
  Scenarie: SNOMED CT og ICPC-2, som almen praksis koder i, tæller også
    Givet patienten har aldrig fået en medicingennemgang
    Og patienten har sygdommen "Atrieflimren" (SNOMED CT 49436004), aktiv
    Og patienten har sygdommen "Depression" (ICPC-2 P76), aktiv
    Når medicinen vurderes
    Så giver reglen MGG-MULTIMORBIDITY-OVERVIEW et fund
    Og nævner fundet fra MGG-MULTIMORBIDITY-OVERVIEW "(atrieflimren, depression)"

  @MGG-MULTIMORBIDITY-OVERVIEW
  Scenarie: Samme diagnose skrevet med to koder tæller én gang
    Givet patienten har aldrig fået en medicingennemgang
    Og patienten har sygdommen "Type 2-diabetes" (DE11), aktiv
    Og patienten har sygdommen "Type 2-diabetes" (DE11), aktiv, også kodet som SNOMED CT 44054006
    Når medicinen vurderes
    Så giver reglen MGG-MULTIMORBIDITY-OVERVIEW intet fund

  @MGG-MULTIMORBIDITY-OVERVIEW
  Abstrakt Scenario: En sygdom tæller fra den dag, den begynder
    Givet patienten har aldrig fået en medicingennemgang
    Og patienten har sygdommen "Hypertension" (DI10), aktiv
    Og patienten har sygdommen "KOL" (DJ44), aktiv, begyndt <begyndt>
    Når medicinen vurderes
    Så giver reglen MGG-MULTIMORBIDITY-OVERVIEW <fund>

    Eksempler:
      | begyndt  | fund       |
      | i dag    | et fund    |
      | om 1 dag | intet fund |

  @MGG-MULTIMORBIDITY-OVERVIEW
  Abstrakt Scenario: En medicingennemgang inden for det seneste år dækker
    Givet patientens seneste medicingennemgang var for <dage> dage siden
    Og patienten har sygdommen "Hypertension" (DI10), aktiv
    Og patienten har sygdommen "Type 2-diabetes" (DE11), aktiv
    Når medicinen vurderes
    Så giver reglen MGG-MULTIMORBIDITY-OVERVIEW <fund>

    Eksempler:
      | dage | fund       |
      | 365  | intet fund |
      | 366  | et fund    |

  @MGG-MULTIMORBIDITY-OVERVIEW
  Scenarie: På plejehjem er overblikket hos den faste plejehjemslæge
    Givet patienten bor på plejehjem og har samtykket til en fast tilknyttet plejehjemslæge
    Og patienten har aldrig fået en medicingennemgang
    Og patienten har sygdommen "Hypertension" (DI10), aktiv
    Og patienten har sygdommen "Demens" (DF03), aktiv
    Når medicinen vurderes
    Så ligger opgaven "medicingennemgang" fra MGG-MULTIMORBIDITY-OVERVIEW hos fast tilknyttet plejehjemslæge i almen praksis
    Og ligger medicingennemgangen hos fast tilknyttet plejehjemslæge med frist om 28 dage

  @MGG-MULTIMORBIDITY-OVERVIEW
  Scenarie: Under en indlæggelse bliver overblikket hos egen læge, ikke hos afdelingen
    Givet patienten blev indlagt for 2 dage siden og er stadig indlagt
    Og patienten har aldrig fået en medicingennemgang
    Og patienten har sygdommen "Hypertension" (DI10), aktiv
    Og patienten har sygdommen "Demens" (DF03), aktiv
    Når medicinen vurderes
    Så ligger opgaven "medicingennemgang" fra MGG-MULTIMORBIDITY-OVERVIEW hos egen læge i almen praksis

  @MGG-MULTIMORBIDITY-OVERVIEW
  Scenarie: En plejehjemsbeboer, der er indlagt, beholder overblikket hos plejehjemslægen
    Givet patienten bor på plejehjem og har samtykket til en fast tilknyttet plejehjemslæge
    Og patienten blev indlagt for 2 dage siden og er stadig indlagt
    Og patienten har aldrig fået en medicingennemgang
    Og patienten har sygdommen "Hypertension" (DI10), aktiv
    Og patienten har sygdommen "Demens" (DF03), aktiv
    Når medicinen vurderes
    Så ligger opgaven "medicingennemgang" fra MGG-MULTIMORBIDITY-OVERVIEW hos fast tilknyttet plejehjemslæge i almen praksis

  @MGG-MULTIMORBIDITY-OVERVIEW
  Scenarie: Opgaven forsvinder ikke ved udskrivelsen
    Givet patienten blev udskrevet fra hospitalet for 1 dag siden
    Og patienten har aldrig fået en medicingennemgang
    Og patienten har sygdommen "Hypertension" (DI10), aktiv
    Og patienten har sygdommen "Demens" (DF03), aktiv
    Når medicinen vurderes
    Så giver reglen MGG-MULTIMORBIDITY-OVERVIEW et fund
    Og ligger opgaven "medicingennemgang" fra MGG-MULTIMORBIDITY-OVERVIEW hos egen læge i almen praksis
