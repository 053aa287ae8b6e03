# language: da
Egenskab: Polyfarmaci
  En patient i fast behandling med mere end 6 forskellige lægemidler i døgnet bør have en
  medicingennemgang, hvis der ikke er lavet en inden for det seneste år. Den anbefales, den er
  ikke en pligt. Opgaven ligger hos den læge, der har ansvaret for den samlede medicinering.
  Kilde: 001_a0c09080587247c1.txt §6.2.5, fodnote 30 og 31.

  Baggrund:
    Givet en patient på 82 år
    Og vurderingsdatoen er 2026-06-15
    Og patienten har aldrig fået en medicingennemgang

  @MGG-POLYPHARMACY
  Scenarie: 7 forskellige faste lægemidler giver en anbefalet medicingennemgang hos egen læge
    Givet patienten får 7 forskellige lægemidler fast
    Når medicinen vurderes
    Så anbefales medicingennemgang
    Og er antallet af faste lægemidler 7
    Og giver reglen MGG-POLYPHARMACY et fund
    Og ligger opgaven "medicingennemgang" fra MGG-POLYPHARMACY hos egen læge i almen praksis
    Og ligger medicingennemgangen hos egen læge med frist om 28 dage
    Og nævner fundet fra MGG-POLYPHARMACY "Patienten er i fast behandling med 7 forskellige lægemidler (mere end 6) og har ikke fået medicingennemgang inden for de seneste 365 dage (seneste: ingen)."

  @MGG-POLYPHARMACY
  Scenarie: 6 forskellige faste lægemidler er ikke polyfarmaci
    Givet patienten får 6 forskellige lægemidler fast
    Når medicinen vurderes
    Så er medicingennemgang ikke aktuel
    Og er antallet af faste lægemidler 6
    Og giver reglen MGG-POLYPHARMACY intet fund

  @MGG-POLYPHARMACY
  Abstrakt Scenario: En ordination, der ikke er fast behandling, tæller ikke med
    Givet patienten får 6 forskellige lægemidler fast
    Og patienten får "Paracetamol" (N02BE01) <ordination>
    Når medicinen vurderes
    Så er medicingennemgang ikke aktuel
    Og er antallet af faste lægemidler 6

    Eksempler:
      | ordination            |
      | efter behov           |
      | fast, men pauseret    |
      | fast, men seponeret   |
      | fast, men afsluttet   |
      | som tidsbegrænset kur |

  @MGG-POLYPHARMACY
  Scenarie: En syvende fast ordination tæller med
    Givet patienten får 6 forskellige lægemidler fast
    Og patienten får "Paracetamol" (N02BE01) fast
    Når medicinen vurderes
    Så anbefales medicingennemgang
    Og er antallet af faste lægemidler 7

  @MGG-POLYPHARMACY
  Scenarie: To styrker af samme stof er ét lægemiddel
    Givet patienten får 6 forskellige lægemidler fast
    Og patienten får "Metoprolol 50 mg" (C07AB02) fast
    Når medicinen vurderes
    Så er medicingennemgang ikke aktuel
    Og er antallet af faste lægemidler 6

  @MGG-POLYPHARMACY
  Scenarie: Et kombinationspræparat er ét lægemiddel
    Givet patienten får 6 forskellige lægemidler fast
    Og patienten får "Losartan/hydrochlorthiazid" (C09DA01) fast
    Når medicinen vurderes
    Så anbefales medicingennemgang
    Og er antallet af faste lægemidler 7

  @MGG-POLYPHARMACY
  Abstrakt Scenario: En medicingennemgang inden for det seneste år dækker
    Givet patienten får 8 forskellige lægemidler fast
    Og patientens seneste medicingennemgang var for <dage> dage siden
    Når medicinen vurderes
    Så <vurdering>

    Eksempler:
      | dage | vurdering                            |
      | 364  | er medicingennemgang ikke aktuel     |
      | 365  | er medicingennemgang ikke aktuel     |
      | 366  | anbefales medicingennemgang          |

  @MGG-POLYPHARMACY
  Scenarie: På plejehjem med fast tilknyttet læge ligger opgaven hos plejehjemslægen
    Givet patienten bor på plejehjem og har samtykket til en fast tilknyttet plejehjemslæge
    Og patienten får 9 forskellige lægemidler fast
    Når medicinen vurderes
    Så anbefales medicingennemgang
    Og ligger opgaven "medicingennemgang" fra MGG-POLYPHARMACY hos fast tilknyttet plejehjemslæge i almen praksis

  @MGG-POLYPHARMACY
  Scenarie: På plejehjem uden fast tilknyttet læge ligger opgaven hos egen læge
    Givet patienten bor på plejehjem uden fast tilknyttet plejehjemslæge
    Og patienten får 9 forskellige lægemidler fast
    Når medicinen vurderes
    Så anbefales medicingennemgang
    Og ligger opgaven "medicingennemgang" fra MGG-POLYPHARMACY hos egen læge

  @MGG-POLYPHARMACY
  Scenarie: Under indlæggelse ligger opgaven hos hospitalet
    Givet patienten bor på plejehjem og har samtykket til en fast tilknyttet plejehjemslæge
    Og patienten får 9 forskellige lægemidler fast
    Og patienten blev indlagt for 2 dage siden og er stadig indlagt
    Når medicinen vurderes
    Så anbefales medicingennemgang
    Og ligger opgaven "medicingennemgang" fra MGG-POLYPHARMACY hos indlæggende hospital i hospital

  @MGG-POLYPHARMACY
  Scenarie: Uden registreret egen læge er ejeren ukendt, men opgaven findes
    Givet patienten har ingen egen læge registreret
    Og patienten får 7 forskellige lægemidler fast
    Når medicinen vurderes
    Så anbefales medicingennemgang
    Og ligger opgaven "medicingennemgang" fra MGG-POLYPHARMACY hos egen læge i ukendt sektor
