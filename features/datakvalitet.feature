# language: da
Egenskab: Medicinkortets kvalitet
  FMK øger kun patientsikkerheden, når medicinkortet afspejler den medicin, patienten reelt
  tager. En død patients kort giver ingen opgaver, og en ordination uden dosering skal
  tjekkes af en læge.
  Kilde: 001_a0c09080587247c1.txt §6.2.2.

  Baggrund:
    Givet en patient på 88 år
    Og vurderingsdatoen er 2026-06-15

  @DATA-PATIENT-DECEASED
  Scenarie: En død patient får ingen opgaver, men kortet tælles stadig
    Givet patienten får 8 forskellige lægemidler fast
    Og patienten har aldrig fået en medicingennemgang
    Og patienten døde for 20 dage siden
    Når medicinen vurderes
    Så giver reglen DATA-PATIENT-DECEASED et fund
    Og er der intet andet fund
    Og er der ingen opgaver
    Og er medicingennemgang ikke aktuel
    Og er antallet af faste lægemidler 8

  @DATA-PATIENT-DECEASED
  Scenarie: En dødsdato efter vurderingsdatoen tæller ikke endnu
    Givet patienten får 8 forskellige lægemidler fast
    Og patienten har aldrig fået en medicingennemgang
    Og patienten døde om 5 dage
    Når medicinen vurderes
    Så giver reglen DATA-PATIENT-DECEASED intet fund
    Og anbefales medicingennemgang

  @DATA-UNSPECIFIED-DOSAGE
  Scenarie: En ordination uden dosering tælles som fast og skal tjekkes
    Givet patienten får 6 forskellige lægemidler fast
    Og patienten har aldrig fået en medicingennemgang
    Og patienten får "Mirtazapin" (N06AX11) uden dosering
    Når medicinen vurderes
    Så giver reglen DATA-UNSPECIFIED-DOSAGE et fund
    Og henviser fundet fra DATA-UNSPECIFIED-DOSAGE til ordinationen af "Mirtazapin"
    Og er antallet af faste lægemidler 7
    Og anbefales medicingennemgang

  @DATA-UNSPECIFIED-DOSAGE
  Scenarie: En tidsbegrænset kur uden dosering er ikke fast behandling
    Givet patienten får 3 forskellige lægemidler fast
    Og patienten får "Penicillin" (J01CE02) som tidsbegrænset kur uden dosering
    Når medicinen vurderes
    Så giver reglen DATA-UNSPECIFIED-DOSAGE intet fund
    Og er antallet af faste lægemidler 3
