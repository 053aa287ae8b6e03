# language: da
Egenskab: Medicinkortets kvalitet
  FMK øger kun patientsikkerheden, når medicinkortet afspejler den medicin, patienten reelt
  tager. En død patients kort giver ingen opgaver, og en ordination uden dosering skal
  tjekkes af en læge.
  Kilde: 001_a0c09080587247c1.txt §6.2.2.

  En ordination uden ATC-kode ville slippe uset forbi reglerne om vanedannende medicin, NSAID
  og dobbeltbehandling, som læser koden. Den får et fund til orientering, der siger, hvad
  medreview gjorde: fandt navnet i navnelisten (rules/navne/laegemiddelnavne.yaml, koderne fra
  WHO's ATC/DDD-indeks), og hvilken kode det gav, eller at ATC-reglerne ikke har kunnet
  vurdere ordinationen. Navnet slås op ord for ord, uden styrke, form og producent; et
  kombinationspræparat slås aldrig op.

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

  @DATA-NO-ATC @DRUG-HABIT-FORMING-REASSESSMENT
  Scenarie: Et produktnavn i navnelisten giver ATC-koden, og ATC-reglerne vurderer ordinationen
    Givet patienten får 3 forskellige lægemidler fast
    Og patienten får "Oxapax 15 mg" uden ATC-kode, fast
    Når medicinen vurderes
    Så giver reglen DATA-NO-ATC et fund
    Og nævner fundet fra DATA-NO-ATC "ATC-kode N05BA04 (oxazepam) er fundet ud fra navnet"
    Og henviser fundet fra DATA-NO-ATC til ordinationen af "Oxapax 15 mg"
    Og giver reglen DRUG-HABIT-FORMING-REASSESSMENT et fund
    Og henviser fundet fra DRUG-HABIT-FORMING-REASSESSMENT til ordinationen af "Oxapax 15 mg"
    Og er antallet af faste lægemidler 4

  @DATA-NO-ATC
  Abstrakt Scenario: Hvad medreview gør med navnet på en ordination uden ATC-kode
    Givet patienten får "<navn>" uden ATC-kode, <ordination>
    Når medicinen vurderes
    Så giver reglen DATA-NO-ATC et fund
    Og nævner fundet fra DATA-NO-ATC "<fundet siger>"

    Eksempler:
      | navn                            | ordination  | fundet siger                                             |
      | Oxapax 15 mg tabletter          | fast        | ATC-kode N05BA04 (oxazepam)                              |
      | Tradolan 50 mg                  | efter behov | ATC-kode N02AX02 (tramadol)                              |
      | Zopiclon 7,5 mg filmovertrukne  | fast        | ATC-kode N05CF01 (zopiclon)                              |
      | Oxapaks 15 mg                   | fast        | står ikke i medreviews navneliste                        |
      | Sovemedicin fra Sverige         | fast        | ikke kunnet vurdere ordinationen                         |
      | Pinex Forte                     | efter behov | kombinationspræparat (paracetamol og kodein)             |
      | Paracetamol/kodein 500 mg/30 mg | efter behov | kombinationspræparat                                     |
      | Magnyl 75 mg                    | fast        | flere ATC-koder (B01AC06, N02BA01)                       |
      | Ibuprofen 5% gel                | fast        | Ibuprofen til udvortes brug har en anden ATC-kode end M01AE01 |

  @DATA-NO-ATC @DRUG-HABIT-FORMING-REASSESSMENT
  Scenarie: Et kombinationspræparat tages aldrig for et af sine stoffer
    Givet patienten får "Pinex Forte 500 mg/30 mg" uden ATC-kode, fast
    Når medicinen vurderes
    Så giver reglen DATA-NO-ATC et fund
    Og nævner fundet fra DATA-NO-ATC "har derfor ikke kunnet vurdere ordinationen"
    Og giver reglen DRUG-HABIT-FORMING-REASSESSMENT intet fund

  @DATA-NO-ATC
  Scenarie: En ordination med ATC-kode giver intet fund
    Givet patienten får "Oxazepam 15 mg" (N05BA04) fast
    Når medicinen vurderes
    Så giver reglen DATA-NO-ATC intet fund

  @DATA-NO-ATC @DRUG-HABIT-FORMING-REASSESSMENT
  Scenarie: En stofkode fra Lægemiddelstyrelsen er ingen ATC-kode
    Givet patienten får "Zopiclon 7,5 mg" med Lægemiddelstyrelsens stofkode 1234 og uden ATC-kode, fast
    Når medicinen vurderes
    Så giver reglen DATA-NO-ATC et fund
    Og nævner fundet fra DATA-NO-ATC "ATC-kode N05CF01 (zopiclon) er fundet ud fra navnet"
    Og giver reglen DRUG-HABIT-FORMING-REASSESSMENT et fund

  @DATA-NO-ATC
  Abstrakt Scenario: En ordination, der ikke er aktuel, giver intet fund
    Givet patienten får "Oxapax 15 mg" uden ATC-kode, <ordination>
    Når medicinen vurderes
    Så giver reglen DATA-NO-ATC intet fund
    Og giver reglen DRUG-HABIT-FORMING-REASSESSMENT intet fund

    Eksempler:
      | ordination          |
      | fast, men seponeret |
      | fast, men pauseret  |

  @DATA-NO-ATC @DRUG-SAME-SUBSTANCE-LINES
  Scenarie: Navnet og en kodet ordination af samme stof er ét lægemiddel på to ordinationer
    Givet patienten får "Oxapax 15 mg" uden ATC-kode, fast
    Og patienten får "Oxazepam 10 mg" (N05BA04) fast
    Når medicinen vurderes
    Så er antallet af faste lægemidler 1
    Og giver reglen DRUG-SAME-SUBSTANCE-LINES et fund
    Og giver reglen DATA-NO-ATC 1 fund

  @DATA-NO-ATC @DRUG-NSAID-ELDERLY
  Abstrakt Scenario: Et NSAID uden ATC-kode vurderes ud fra navnet, men ikke en gel
    Givet patienten får "<navn>" uden ATC-kode, fast
    Når medicinen vurderes
    Så giver reglen DRUG-NSAID-ELDERLY <fund>
    Og giver reglen DATA-NO-ATC et fund

    Eksempler:
      | navn             | fund       |
      | Ipren 400 mg     | et fund    |
      | Ibuprofen 400 mg | et fund    |
      | Ibuprofen 5% gel | intet fund |
