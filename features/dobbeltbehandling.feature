# language: da
Egenskab: Dobbeltbehandling
  To eller flere forskellige lægemidler i fast behandling i samme ATC-gruppe (niveau 4), fx to
  NSAID eller to protonpumpehæmmere, bør revurderes af de ordinerende læger. Kilderne nævner
  ikke dobbeltbehandling ved navn; reglen bygger på "rigtig medicin".
  Kilde: 001_a0c09080587247c1.txt §6.2.2.

  Baggrund:
    Givet en patient på 72 år
    Og vurderingsdatoen er 2026-06-15
    Og patienten får 3 forskellige lægemidler fast

  @DRUG-THERAPEUTIC-DUPLICATION
  Scenarie: To protonpumpehæmmere
    Givet patienten får "Omeprazol 20 mg" (A02BC01) fast
    Og patienten får "Pantoprazol 40 mg" (A02BC02) fast
    Når medicinen vurderes
    Så giver reglen DRUG-THERAPEUTIC-DUPLICATION 2 fund
    Og henviser fundet fra DRUG-THERAPEUTIC-DUPLICATION til ordinationen af "Omeprazol 20 mg"
    Og henviser fundet fra DRUG-THERAPEUTIC-DUPLICATION til ordinationen af "Pantoprazol 40 mg"
    Og er medicingennemgang ikke aktuel

  @DRUG-THERAPEUTIC-DUPLICATION
  Scenarie: To NSAID fra to ordinatører giver hver sin opgave
    Givet patienten får "Ibuprofen 400 mg" (M01AE01) fast
    Og patienten får "Naproxen 250 mg" (M01AE02) fast, ordineret af hospitalet
    Når medicinen vurderes
    Så giver reglen DRUG-THERAPEUTIC-DUPLICATION 2 fund
    Og er der en opgave "revurder lægemidlet" fra DRUG-THERAPEUTIC-DUPLICATION til ordinerende læge i almen praksis
    Og er der en opgave "revurder lægemidlet" fra DRUG-THERAPEUTIC-DUPLICATION til ordinerende læge i hospital

  @DRUG-THERAPEUTIC-DUPLICATION
  Scenarie: To styrker af samme stof er ikke dobbeltbehandling
    Givet patienten får "Metoprolol 50 mg" (C07AB02) fast
    Og patienten får "Metoprolol 100 mg" (C07AB02) fast
    Når medicinen vurderes
    Så giver reglen DRUG-THERAPEUTIC-DUPLICATION intet fund

  @DRUG-THERAPEUTIC-DUPLICATION
  Abstrakt Scenario: Kun faste ordinationer tæller
    Givet patienten får "Morfin 10 mg depot" (N02AA01) fast
    Og patienten får "Oxycodon 5 mg" (N02AA05) <ordination>
    Når medicinen vurderes
    Så giver reglen DRUG-THERAPEUTIC-DUPLICATION <fund>

    Eksempler:
      | ordination         | fund       |
      | efter behov        | intet fund |
      | fast, men pauseret | intet fund |
      | fast               | 2 fund     |

  @DRUG-THERAPEUTIC-DUPLICATION
  Scenarie: Forskellige grupper på samme niveau 3 er ikke dobbeltbehandling
    Givet patienten får "Amlodipin 5 mg" (C08CA01) fast
    Og patienten får "Verapamil 120 mg" (C08DA01) fast
    Når medicinen vurderes
    Så giver reglen DRUG-THERAPEUTIC-DUPLICATION intet fund
