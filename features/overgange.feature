# language: da
Egenskab: Udskrivelse og flytning på plejehjem
  Almen praksis kan, men skal ikke, lave medicingennemgang ved det opfølgende hjemmebesøg efter
  udskrivelse fra hospital, og når en patient flytter på plejehjem.
  Kilde: 001_a0c09080587247c1.txt §6.2.5 og §5.3.4.

  Baggrund:
    Givet en patient på 86 år
    Og vurderingsdatoen er 2026-06-15
    Og patienten får 5 forskellige lægemidler fast

  @MGG-DISCHARGE-FOLLOWUP
  Abstrakt Scenario: Udskrevet inden for de seneste 30 dage
    Givet patienten blev udskrevet fra hospitalet <hvornår>
    Når medicinen vurderes
    Så <vurdering>

    Eksempler:
      | hvornår           | vurdering                         |
      | i dag             | kan medicingennemgang overvejes   |
      | for 30 dage siden | kan medicingennemgang overvejes   |
      | for 31 dage siden | er medicingennemgang ikke aktuel  |

  @MGG-DISCHARGE-FOLLOWUP
  Scenarie: Efter udskrivelse ligger opgaven hos egen læge
    Givet patienten blev udskrevet fra hospitalet for 4 dage siden
    Når medicinen vurderes
    Så ligger opgaven "medicingennemgang" fra MGG-DISCHARGE-FOLLOWUP hos egen læge i almen praksis
    Og har opgaven fra MGG-DISCHARGE-FOLLOWUP frist om 28 dage
    Og nævner fundet fra MGG-DISCHARGE-FOLLOWUP "Patienten blev udskrevet fra indlæggelse den 11. juni 2026, 4 dage før vurderingsdatoen; en medicingennemgang kan indgå i det opfølgende hjemmebesøg."

  @MGG-NURSING-HOME-MOVE
  Abstrakt Scenario: Flyttet på plejehjem inden for de seneste 30 dage
    Givet patienten flyttede på plejehjem <hvornår>
    Når medicinen vurderes
    Så <vurdering>

    Eksempler:
      | hvornår           | vurdering                         |
      | for 30 dage siden | kan medicingennemgang overvejes   |
      | for 31 dage siden | er medicingennemgang ikke aktuel  |

  @MGG-NURSING-HOME-MOVE
  Scenarie: Med samtykke til fast tilknyttet læge ligger opgaven hos plejehjemslægen
    Givet patienten flyttede på plejehjem for 10 dage siden, og har samtykket til en fast tilknyttet plejehjemslæge
    Når medicinen vurderes
    Så kan medicingennemgang overvejes
    Og ligger opgaven "medicingennemgang" fra MGG-NURSING-HOME-MOVE hos fast tilknyttet plejehjemslæge

  @MGG-NURSING-HOME-MOVE @MGG-POLYPHARMACY
  Scenarie: Den stærkeste anbefaling bestemmer vurderingen
    Givet patienten får 7 forskellige lægemidler fast
    Og patienten har aldrig fået en medicingennemgang
    Og patienten flyttede på plejehjem for 10 dage siden
    Når medicinen vurderes
    Så anbefales medicingennemgang
    Og giver reglen MGG-NURSING-HOME-MOVE et fund
