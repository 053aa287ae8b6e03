# language: da
Egenskab: Medicingennemgang ved væsentlige ændringer i medicinen
  Når tre eller flere faste ordinationer er startet eller stoppet inden for de seneste 30 dage,
  i almen praksis eller på hospitalet, anbefales en medicingennemgang hos den læge, der har
  ansvaret for den samlede medicinering. En medicingennemgang dækker de ændringer, der ligger
  før den eller samme dag; ændringer efter den tæller. Kilden siger kun "ved væsentlige
  ændringer"; at 3 ændringer inden for 30 dage er væsentlige, er projektets tal.
  Kilde: 001_a0c09080587247c1.txt §6.2, delmålsætningen "ved væsentlige ændringer i medicinen".

  Baggrund:
    Givet en patient på 77 år
    Og vurderingsdatoen er 2026-06-15
    Og patienten får 3 forskellige lægemidler fast
    Og patientens seneste medicingennemgang var for 200 dage siden

  @MGG-SIGNIFICANT-CHANGE
  Scenarie: Tre nye faste lægemidler på en måned
    Givet patienten fik "Furosemid 40 mg" (C03CA01) fast fra for 5 dage siden
    Og patienten fik "Spironolakton 25 mg" (C03DA01) fast fra for 12 dage siden, ordineret af hospitalet
    Og patienten fik "Apixaban 5 mg" (B01AF02) fast fra for 30 dage siden, ordineret af hospitalet
    Når medicinen vurderes
    Så anbefales medicingennemgang
    Og giver reglen MGG-SIGNIFICANT-CHANGE et fund
    Og ligger opgaven "medicingennemgang" fra MGG-SIGNIFICANT-CHANGE hos egen læge i almen praksis
    Og ligger medicingennemgangen hos egen læge med frist om 28 dage

  @MGG-SIGNIFICANT-CHANGE
  Abstrakt Scenario: Tre ændringer er væsentlige, to er ikke
    Givet patienten fik "Furosemid 40 mg" (C03CA01) fast fra for 5 dage siden
    Og patienten fik "Spironolakton 25 mg" (C03DA01) fast fra for 12 dage siden
    Og <tredje>
    Når medicinen vurderes
    Så giver reglen MGG-SIGNIFICANT-CHANGE <fund>

    Eksempler:
      | tredje                                                   | fund       |
      | patienten fik "Apixaban 5 mg" (B01AF02) fast fra i dag   | et fund    |
      | patienten fik "Apixaban 5 mg" (B01AF02) efter behov fra i dag | intet fund |

  @MGG-SIGNIFICANT-CHANGE
  Abstrakt Scenario: Kun ændringer inden for 30 dage tæller
    Givet patienten fik "Furosemid 40 mg" (C03CA01) fast fra for 5 dage siden
    Og patienten fik "Spironolakton 25 mg" (C03DA01) fast fra for 12 dage siden
    Og patienten fik "Apixaban 5 mg" (B01AF02) fast fra <hvornår>
    Når medicinen vurderes
    Så giver reglen MGG-SIGNIFICANT-CHANGE <fund>

    Eksempler:
      | hvornår          | fund       |
      | i dag            | et fund    |
      | for 30 dage siden | et fund   |
      | for 31 dage siden | intet fund |

  @MGG-SIGNIFICANT-CHANGE
  Abstrakt Scenario: En seponering tæller, når den har en dato
    Givet patienten fik "Furosemid 40 mg" (C03CA01) fast fra for 5 dage siden
    Og patienten fik "Spironolakton 25 mg" (C03DA01) fast fra for 12 dage siden
    Og "Simvastatin 40 mg" (C10AA01) blev seponeret <hvornår>
    Når medicinen vurderes
    Så giver reglen MGG-SIGNIFICANT-CHANGE <fund>

    Eksempler:
      | hvornår           | fund       |
      | for 10 dage siden | et fund    |
      | for 40 dage siden | intet fund |
      | uden dato         | intet fund |

  @MGG-SIGNIFICANT-CHANGE
  Scenarie: En dosisændring er én ændring, ikke en seponering og en start
    Givet patienten fik "Furosemid 40 mg" (C03CA01) fast fra for 5 dage siden
    Og dosis af "Metoprolol" (C07AB02) blev ændret for 8 dage siden
    Når medicinen vurderes
    Så giver reglen MGG-SIGNIFICANT-CHANGE intet fund

  @MGG-SIGNIFICANT-CHANGE
  Scenarie: PN-ordinationer er ikke ændringer i den faste medicin
    Givet patienten fik "Furosemid 40 mg" (C03CA01) fast fra for 5 dage siden
    Og patienten fik "Spironolakton 25 mg" (C03DA01) fast fra for 12 dage siden
    Og patienten fik "Oxazepam 15 mg" (N05BA04) efter behov fra for 3 dage siden
    Når medicinen vurderes
    Så giver reglen MGG-SIGNIFICANT-CHANGE intet fund

  @MGG-SIGNIFICANT-CHANGE
  Scenarie: En medicingennemgang efter ændringerne dækker
    Givet patienten fik "Furosemid 40 mg" (C03CA01) fast fra for 25 dage siden
    Og patienten fik "Spironolakton 25 mg" (C03DA01) fast fra for 25 dage siden
    Og patienten fik "Apixaban 5 mg" (B01AF02) fast fra for 25 dage siden
    Og patientens seneste medicingennemgang var for 20 dage siden
    Når medicinen vurderes
    Så giver reglen MGG-SIGNIFICANT-CHANGE intet fund
    Og er medicingennemgang ikke aktuel

  @MGG-SIGNIFICANT-CHANGE
  Abstrakt Scenario: En medicingennemgang før ændringerne dækker ikke
    Givet patienten fik "Furosemid 40 mg" (C03CA01) fast fra for 5 dage siden
    Og patienten fik "Spironolakton 25 mg" (C03DA01) fast fra for 5 dage siden
    Og patienten fik "Apixaban 5 mg" (B01AF02) fast fra for 5 dage siden
    Og patientens seneste medicingennemgang var <gennemgang>
    Når medicinen vurderes
    Så giver reglen MGG-SIGNIFICANT-CHANGE <fund>

    Eksempler:
      | gennemgang        | fund       |
      | for 25 dage siden | et fund    |
      | for 6 dage siden  | et fund    |
      | for 5 dage siden  | intet fund |
      | for 2 dage siden  | intet fund |

  @MGG-SIGNIFICANT-CHANGE
  Scenarie: Kun ændringerne efter medicingennemgangen tæller
    Givet patienten fik "Furosemid 40 mg" (C03CA01) fast fra for 20 dage siden
    Og patienten fik "Spironolakton 25 mg" (C03DA01) fast fra for 20 dage siden
    Og patienten fik "Apixaban 5 mg" (B01AF02) fast fra for 3 dage siden
    Og patienten fik "Amlodipin 5 mg" (C08CA01) fast fra for 2 dage siden
    Og patientens seneste medicingennemgang var for 10 dage siden
    Når medicinen vurderes
    Så giver reglen MGG-SIGNIFICANT-CHANGE intet fund
