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

  # Årlig overblikskonsultation ved multisygdom. Kilde: 003_7bf789397344ef82.txt, afsnittet
  # "Skabelon-kontroller": "Multisygdom eller komplikationer bør altid afstedkomme årlig
  # overblikskonsultation hos læge."

  @MGG-MULTIMORBIDITY-OVERVIEW
  Scenarie: To aktive sygdomme og ingen medicingennemgang i over et år
    Givet patientens seneste medicingennemgang var for 400 dage siden
    Og patienten har sygdommen "Hypertension" (DI10), aktiv
    Og patienten har sygdommen "Type 2-diabetes" (DE11), aktiv
    Når medicinen vurderes
    Så anbefales medicingennemgang
    Og giver reglen MGG-MULTIMORBIDITY-OVERVIEW et fund
    Og ligger opgaven "medicingennemgang" fra MGG-MULTIMORBIDITY-OVERVIEW hos egen læge i almen praksis

  @MGG-MULTIMORBIDITY-OVERVIEW
  Abstrakt Scenario: Kun aktive sygdomme tæller, hver diagnose én gang
    Givet patienten har aldrig fået en medicingennemgang
    Og patienten har sygdommen "Hypertension" (DI10), aktiv
    Og patienten har sygdommen "<sygdom>" (<kode>), <status>
    Når medicinen vurderes
    Så giver reglen MGG-MULTIMORBIDITY-OVERVIEW <fund>

    Eksempler:
      | sygdom          | kode  | status          | fund       |
      | KOL             | DJ44  | aktiv           | et fund    |
      | Depression      | DF32  | tilbagefald     | et fund    |
      | Depression      | DF32  | i remission     | intet fund |
      | Lungebetændelse | DJ18  | helbredt        | intet fund |
      | KOL             | DJ44  | afkræftet       | intet fund |
      | KOL             | DJ44  | fejlregistreret | intet fund |
      | KOL             | DJ44  | mistænkt        | intet fund |
      | KOL             | DJ44  | foreløbig       | intet fund |
      | KOL             | DJ44  | differentialdiagnose | intet fund |
      | Hypertension    | DI10  | aktiv           | intet fund |

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
  Scenarie: Under en indlæggelse er overblikket hos hospitalet
    Givet patienten blev indlagt for 2 dage siden og er stadig indlagt
    Og patienten har aldrig fået en medicingennemgang
    Og patienten har sygdommen "Hypertension" (DI10), aktiv
    Og patienten har sygdommen "Demens" (DF03), aktiv
    Når medicinen vurderes
    Så ligger opgaven "medicingennemgang" fra MGG-MULTIMORBIDITY-OVERVIEW hos indlæggende hospital i hospital
