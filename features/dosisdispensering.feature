# language: da
Egenskab: Dosisdispensering
  Ved opstart af dosisdispensering skal der laves medicingennemgang. Dosisdispensering egner sig
  kun til patienter, der får samme medicin i samme dosis over længere tid, og ved indlæggelse er
  det hospitalets ansvar at afmelde dosisdispenseringen.
  Kilde: 001_a0c09080587247c1.txt §6.2.4.

  Baggrund:
    Givet en patient på 84 år
    Og vurderingsdatoen er 2026-06-15

  @MGG-DOSE-DISPENSING-START
  Scenarie: Dosisdispensering starter om 10 dage uden forudgående medicingennemgang
    Givet patienten får 5 forskellige lægemidler fast, alle dosisdispenseret
    Og patienten har aldrig fået en medicingennemgang
    Og dosisdispensering starter om 10 dage
    Når medicinen vurderes
    Så kræves medicingennemgang
    Og ligger opgaven "medicingennemgang" fra MGG-DOSE-DISPENSING-START hos egen læge i almen praksis
    Og har opgaven fra MGG-DOSE-DISPENSING-START frist om 10 dage
    Og nævner fundet fra MGG-DOSE-DISPENSING-START "Dosisdispenseringen har startdato den 25. juni 2026, og der er ikke lavet medicingennemgang siden 30 dage før starten (seneste: ingen)."

  @MGG-DOSE-DISPENSING-START
  Abstrakt Scenario: Kun en start inden for 30 dage før eller efter tæller
    Givet patienten får 5 forskellige lægemidler fast, alle dosisdispenseret
    Og patienten har aldrig fået en medicingennemgang
    Og dosisdispensering starter <start>
    Når medicinen vurderes
    Så <vurdering>

    Eksempler:
      | start              | vurdering                         |
      | om 30 dage         | kræves medicingennemgang          |
      | om 31 dage         | er medicingennemgang ikke aktuel  |
      | for 30 dage siden  | kræves medicingennemgang          |
      | for 31 dage siden  | er medicingennemgang ikke aktuel  |

  @MGG-DOSE-DISPENSING-START
  Scenarie: Efter starten er fristen 28 dage
    Givet patienten får 5 forskellige lægemidler fast, alle dosisdispenseret
    Og patienten har aldrig fået en medicingennemgang
    Og dosisdispensering startede for 5 dage siden
    Når medicinen vurderes
    Så kræves medicingennemgang
    Og har opgaven fra MGG-DOSE-DISPENSING-START frist om 28 dage

  @MGG-DOSE-DISPENSING-START
  Abstrakt Scenario: En medicingennemgang op til 30 dage før starten dækker
    Givet patienten får 5 forskellige lægemidler fast, alle dosisdispenseret
    Og dosisdispensering starter om 10 dage
    Og patientens seneste medicingennemgang var for <dage> dage siden
    Når medicinen vurderes
    Så <vurdering>

    Eksempler:
      | dage | vurdering                         |
      | 20   | er medicingennemgang ikke aktuel  |
      | 21   | kræves medicingennemgang          |

  @DD-AS-NEEDED-IN-DD
  Scenarie: En PN-ordination markeret til dosisdispensering
    Givet patienten får 4 forskellige lægemidler fast, alle dosisdispenseret
    Og patienten får "Laktulose" (A06AD11) efter behov og dosisdispenseret
    Når medicinen vurderes
    Så giver reglen DD-AS-NEEDED-IN-DD et fund
    Og henviser fundet fra DD-AS-NEEDED-IN-DD til ordinationen af "Laktulose"
    Og nævner fundet fra DD-AS-NEEDED-IN-DD "Patienten får Laktulose efter behov (PN), men ordinationen er markeret til dosisdispensering."
    Og ligger opgaven "vurder dosisdispensering" fra DD-AS-NEEDED-IN-DD hos ordinerende læge

  @DD-AS-NEEDED-IN-DD
  Scenarie: En PN-ordination uden dosisdispensering giver intet fund
    Givet patienten får 4 forskellige lægemidler fast, alle dosisdispenseret
    Og patienten får "Laktulose" (A06AD11) efter behov
    Når medicinen vurderes
    Så giver reglen DD-AS-NEEDED-IN-DD intet fund

  @DD-UNSTABLE-DOSE
  Abstrakt Scenario: En dosisdispenseret ordination, der er ændret inden for 28 dage
    Givet patienten får 4 forskellige lægemidler fast, alle dosisdispenseret
    Og dosis af "Furosemid 40 mg" (C03CA01) blev ændret for <dage> dage siden, og den er dosisdispenseret
    Når medicinen vurderes
    Så giver reglen DD-UNSTABLE-DOSE <fund>

    Eksempler:
      | dage | fund     |
      | 0    | et fund  |
      | 28   | et fund  |
      | 29   | intet fund |

  @DD-UNSTABLE-DOSE
  Scenarie: En ny dosisdispenseret ordination peger på ordinationen og dens ordinerende læge
    Givet patienten får 4 forskellige lægemidler fast, alle dosisdispenseret
    Og patienten får "Sertralin" (N06AB06) fast og dosisdispenseret, ordineret for 3 dage siden
    Når medicinen vurderes
    Så giver reglen DD-UNSTABLE-DOSE et fund
    Og henviser fundet fra DD-UNSTABLE-DOSE til ordinationen af "Sertralin"
    Og nævner fundet fra DD-UNSTABLE-DOSE "Sertralin er dosisdispenseret og blev startet eller ændret den 12. juni 2026, 3 dage før vurderingsdatoen"
    Og ligger opgaven "vurder dosisdispensering" fra DD-UNSTABLE-DOSE hos ordinerende læge

  @DD-DEREGISTER-ON-ADMISSION
  Scenarie: Indlagt med aktiv dosisdispensering: hospitalet skal afmelde
    Givet patienten får 8 forskellige lægemidler fast, alle dosisdispenseret
    Og dosisdispensering startede for 300 dage siden
    Og patienten blev indlagt for 3 dage siden og er stadig indlagt
    Når medicinen vurderes
    Så giver reglen DD-DEREGISTER-ON-ADMISSION et fund
    Og ligger opgaven "afmeld dosisdispensering" fra DD-DEREGISTER-ON-ADMISSION hos indlæggende hospital i hospital
    Og har opgaven fra DD-DEREGISTER-ON-ADMISSION frist i dag

  @DD-DEREGISTER-ON-ADMISSION
  Scenarie: Udskrevet, ikke indlagt: intet at afmelde
    Givet patienten får 8 forskellige lægemidler fast, alle dosisdispenseret
    Og dosisdispensering startede for 300 dage siden
    Og patienten blev udskrevet fra hospitalet for 3 dage siden
    Når medicinen vurderes
    Så giver reglen DD-DEREGISTER-ON-ADMISSION intet fund

  @DD-DEREGISTER-ON-ADMISSION
  Scenarie: Indlagt uden dosisdispensering: intet at afmelde
    Givet patienten får 8 forskellige lægemidler fast
    Og patienten blev indlagt for 3 dage siden og er stadig indlagt
    Når medicinen vurderes
    Så giver reglen DD-DEREGISTER-ON-ADMISSION intet fund
