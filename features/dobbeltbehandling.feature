# language: da
Egenskab: Dobbeltbehandling
  To forskellige lægemidler i fast behandling i samme klasse er dobbeltbehandling og bør
  revurderes af de ordinerende læger. Klasserne står i rules/dobbeltbehandling-klasser.yaml:
  hver ATC-gruppe på niveau 4, undtagen "andre"-grupperne (koden ender på X), og de navngivne
  klasser NSAID, dobbelt RAS-blokade, opioider samt benzodiazepiner, z-hypnotika og
  klomethiazol. Samme stof på faste ordinationer fra forskellige ordinerende er også
  dobbeltbehandling (fx atorvastatin fra egen læge og genstartet af hospitalet). Hver
  ordinerende læge får én opgave, hvor mange af ordinationerne der end er hans. Samme stof på
  flere faste ordinationer fra én ordinerende er til orientering: den ordinerende bekræfter
  den samlede dosis.
  Fundet om dobbeltbehandling nævner klassen: en ATC-gruppe med dens navn (navnene står i
  rules/navne/atc-grupper.yaml; en gruppe uden navn dér nævnes med koden alene), eller en
  navngivet klasse.
  Kilderne nævner ikke dobbeltbehandling ved navn. DRUG-THERAPEUTIC-DUPLICATION bygger på
  "rigtig medicin" (001_a0c09080587247c1.txt §6.2.1), DRUG-SAME-SUBSTANCE-LINES på, at
  medicinkortet skal afspejle den medicin, patienten reelt tager (001_a0c09080587247c1.txt
  §6.2.2).

  Baggrund:
    Givet en patient på 72 år
    Og vurderingsdatoen er 2026-06-15
    Og patienten får "Metformin 500 mg" (A10BA02) fast
    Og patienten får "Levothyroxin 50 mikrogram" (H03AA01) fast
    Og patienten får "Tamsulosin 0,4 mg" (G04CA02) fast

  @DRUG-THERAPEUTIC-DUPLICATION
  Scenarie: To protonpumpehæmmere
    Givet patienten får "Omeprazol 20 mg" (A02BC01) fast
    Og patienten får "Pantoprazol 40 mg" (A02BC02) fast
    Når medicinen vurderes
    Så giver reglen DRUG-THERAPEUTIC-DUPLICATION 1 fund
    Og henviser fundet fra DRUG-THERAPEUTIC-DUPLICATION til ordinationen af "Omeprazol 20 mg"
    Og henviser fundet fra DRUG-THERAPEUTIC-DUPLICATION til ordinationen af "Pantoprazol 40 mg"
    Og nævner fundet fra DRUG-THERAPEUTIC-DUPLICATION "Patienten får Omeprazol 20 mg og Pantoprazol 40 mg fast (ATC-gruppen A02BC, protonpumpehæmmere)"
    Og nævner fundet fra DRUG-THERAPEUTIC-DUPLICATION "denne ordinerende har ordineret begge"
    Og er medicingennemgang ikke aktuel

  @DRUG-THERAPEUTIC-DUPLICATION
  Abstrakt Scenario: Fundet nævner ATC-gruppen med dens navn, eller med koden alene uden navn
    Givet patienten får "<første>" (<atc1>) fast
    Og patienten får "<anden>" (<atc2>) fast
    Når medicinen vurderes
    Så nævner fundet fra DRUG-THERAPEUTIC-DUPLICATION "fast <gruppe>;"

    Eksempler:
      | første            | atc1    | anden              | atc2    | gruppe                                                          |
      | Simvastatin 40 mg | C10AA01 | Atorvastatin 20 mg | C10AA05 | (ATC-gruppen C10AA, statiner)                                   |
      | Metoprolol 50 mg  | C07AB02 | Bisoprolol 5 mg    | C07AB07 | (ATC-gruppen C07AB, selektive betablokkere)                     |
      | Amlodipin 5 mg    | C08CA01 | Felodipin 5 mg     | C08CA02 | (ATC-gruppen C08CA, calciumantagonister af dihydropyridintypen) |
      | Sertralin 50 mg   | N06AB06 | Citalopram 20 mg   | N06AB04 | (ATC-gruppen N06AB, SSRI)                                       |
      | Apixaban 5 mg     | B01AF02 | Rivaroxaban 20 mg  | B01AF01 | (ATC-gruppen B01AF, direkte faktor Xa-hæmmere)                  |
      | Furosemid 40 mg   | C03CA01 | Bumetanid 1 mg     | C03CA02 | (ATC-gruppen C03CA, loop-diuretika af sulfonamidtypen)          |
      | Retinol           | A11CA01 | Betacaroten        | A11CA02 | (ATC-gruppen A11CA)                                             |

  @DRUG-THERAPEUTIC-DUPLICATION
  Scenarie: To NSAID fra to ordinatører giver hver sin opgave
    Givet patienten får "Ibuprofen 400 mg" (M01AE01) fast
    Og patienten får "Naproxen 250 mg" (M01AE02) fast, ordineret af hospitalet
    Når medicinen vurderes
    Så giver reglen DRUG-THERAPEUTIC-DUPLICATION 2 fund
    Og er der en opgave "revurder lægemidlet" fra DRUG-THERAPEUTIC-DUPLICATION til ordinerende læge i almen praksis
    Og er der en opgave "revurder lægemidlet" fra DRUG-THERAPEUTIC-DUPLICATION til ordinerende læge i hospital
    Og nævner fundet fra DRUG-THERAPEUTIC-DUPLICATION "denne ordinerende har ordineret Ibuprofen 400 mg."
    Og nævner fundet fra DRUG-THERAPEUTIC-DUPLICATION "denne ordinerende har ordineret Naproxen 250 mg."

  @DRUG-THERAPEUTIC-DUPLICATION
  Scenarie: Tre NSAID fra egen læge giver én opgave, ikke én pr. ordination
    Givet patienten får "Ibuprofen 400 mg" (M01AE01) fast
    Og patienten får "Naproxen 250 mg" (M01AE02) fast
    Og patienten får "Diclofenac 50 mg" (M01AB05) fast
    Når medicinen vurderes
    Så giver reglen DRUG-THERAPEUTIC-DUPLICATION 1 fund
    Og er der 1 opgave fra DRUG-THERAPEUTIC-DUPLICATION
    Og henviser fundet fra DRUG-THERAPEUTIC-DUPLICATION til ordinationen af "Ibuprofen 400 mg"
    Og henviser fundet fra DRUG-THERAPEUTIC-DUPLICATION til ordinationen af "Naproxen 250 mg"
    Og henviser fundet fra DRUG-THERAPEUTIC-DUPLICATION til ordinationen af "Diclofenac 50 mg"
    Og nævner fundet fra DRUG-THERAPEUTIC-DUPLICATION "Patienten får Ibuprofen 400 mg, Naproxen 250 mg og Diclofenac 50 mg fast (NSAID)"
    Og nævner fundet fra DRUG-THERAPEUTIC-DUPLICATION "denne ordinerende har ordineret alle tre"

  @DRUG-THERAPEUTIC-DUPLICATION
  Abstrakt Scenario: Dobbeltbehandling på tværs af ATC-grupperne
    Givet patienten får "<første>" (<atc1>) fast
    Og patienten får "<anden>" (<atc2>) fast
    Når medicinen vurderes
    Så giver reglen DRUG-THERAPEUTIC-DUPLICATION 1 fund
    Og nævner fundet fra DRUG-THERAPEUTIC-DUPLICATION "<klasse>"

    Eksempler:
      | første             | atc1    | anden                  | atc2    | klasse                                              |
      | Ibuprofen 400 mg   | M01AE01 | Celecoxib 200 mg       | M01AH01 | fast (NSAID)                                        |
      | Nabumeton 500 mg   | M01AX01 | Ibuprofen 400 mg       | M01AE01 | fast (NSAID)                                        |
      | Enalapril 10 mg    | C09AA02 | Losartan 50 mg         | C09CA01 | fast (dobbelt RAS-blokade)                          |
      | Ramipril 5 mg      | C09AA05 | Aliskiren 150 mg       | C09XA02 | fast (dobbelt RAS-blokade)                          |
      | Losartan 50 mg     | C09CA01 | Valsartan og amlodipin | C09DB01 | fast (dobbelt RAS-blokade)                          |
      | Morfin 10 mg depot | N02AA01 | Tramadol 50 mg         | N02AX02 | fast (opioider)                                     |
      | Oxazepam 15 mg     | N05BA04 | Zopiclon 7,5 mg        | N05CF01 | fast (benzodiazepiner, z-hypnotika og klomethiazol) |
      | Clonazepam 0,5 mg  | N03AE01 | Diazepam 5 mg          | N05BA01 | fast (benzodiazepiner, z-hypnotika og klomethiazol) |
      | Clonazepam 0,5 mg  | N03AE01 | Heminevrin 300 mg      | N05CM02 | fast (benzodiazepiner, z-hypnotika og klomethiazol) |

  @DRUG-THERAPEUTIC-DUPLICATION
  Abstrakt Scenario: Andre-grupperne og grupper på samme niveau 3 er ikke dobbeltbehandling
    Givet patienten får "<første>" (<atc1>) fast
    Og patienten får "<anden>" (<atc2>) fast
    Når medicinen vurderes
    Så giver reglen DRUG-THERAPEUTIC-DUPLICATION intet fund

    Eksempler:
      | første             | atc1    | anden            | atc2    |
      | Glucosamin 400 mg  | M01AX05 | Nabumeton 500 mg | M01AX01 |
      | Glucosamin 400 mg  | M01AX05 | Ibuprofen 400 mg | M01AE01 |
      | Atorvastatin 40 mg | C10AA05 | Ezetimib 10 mg   | C10AX09 |
      | Amlodipin 5 mg     | C08CA01 | Verapamil 120 mg | C08DA01 |
      | Metoprolol 50 mg   | C07AB02 | Enalapril 10 mg  | C09AA02 |

  @DRUG-THERAPEUTIC-DUPLICATION @DRUG-SAME-SUBSTANCE-LINES
  Scenarie: Atorvastatin fra egen læge og genstartet af hospitalet giver hver sin opgave
    Givet patienten får "Atorvastatin 20 mg" (C10AA05) fast
    Og patienten får "Atorvastatin 80 mg" (C10AA05) fast, ordineret af hospitalet
    Når medicinen vurderes
    Så giver reglen DRUG-THERAPEUTIC-DUPLICATION 2 fund
    Og er der en opgave "revurder lægemidlet" fra DRUG-THERAPEUTIC-DUPLICATION til ordinerende læge i almen praksis
    Og er der en opgave "revurder lægemidlet" fra DRUG-THERAPEUTIC-DUPLICATION til ordinerende læge i hospital
    Og henviser fundet fra DRUG-THERAPEUTIC-DUPLICATION til ordinationen af "Atorvastatin 20 mg"
    Og henviser fundet fra DRUG-THERAPEUTIC-DUPLICATION til ordinationen af "Atorvastatin 80 mg"
    Og nævner fundet fra DRUG-THERAPEUTIC-DUPLICATION "Patienten får Atorvastatin 20 mg og Atorvastatin 80 mg fast (samme stof C10AA05 fra flere ordinerende)"
    Og giver reglen DRUG-SAME-SUBSTANCE-LINES intet fund
    Og er antallet af faste lægemidler 4

  @DRUG-THERAPEUTIC-DUPLICATION
  Abstrakt Scenario: Kun faste ordinationer tæller
    Givet patienten får "Morfin 10 mg depot" (N02AA01) fast
    Og patienten får "Oxycodon 5 mg" (N02AA05) <ordination>
    Når medicinen vurderes
    Så giver reglen DRUG-THERAPEUTIC-DUPLICATION <fund>

    Eksempler:
      | ordination                           | fund       |
      | efter behov                          | intet fund |
      | efter behov, ordineret af hospitalet | intet fund |
      | fast, men pauseret                   | intet fund |
      | fast                                 | 1 fund     |
      | fast, ordineret af hospitalet        | 2 fund     |

  @DRUG-THERAPEUTIC-DUPLICATION @DRUG-SAME-SUBSTANCE-LINES
  Scenarie: To styrker af samme stof fra samme læge er ikke dobbeltbehandling, men skal bekræftes
    Givet patienten får "Metoprolol 50 mg" (C07AB02) fast
    Og patienten får "Metoprolol 100 mg" (C07AB02) fast
    Når medicinen vurderes
    Så giver reglen DRUG-THERAPEUTIC-DUPLICATION intet fund
    Og giver reglen DRUG-SAME-SUBSTANCE-LINES 1 fund
    Og ligger opgaven "revurder lægemidlet" fra DRUG-SAME-SUBSTANCE-LINES hos ordinerende læge i almen praksis
    Og henviser fundet fra DRUG-SAME-SUBSTANCE-LINES til ordinationen af "Metoprolol 50 mg"
    Og henviser fundet fra DRUG-SAME-SUBSTANCE-LINES til ordinationen af "Metoprolol 100 mg"
    Og nævner fundet fra DRUG-SAME-SUBSTANCE-LINES "Patienten får Metoprolol 50 mg og Metoprolol 100 mg fast; det er samme stof (C07AB02). Bekræft den samlede dosis."
    Og er antallet af faste lægemidler 4
    Og er medicingennemgang ikke aktuel

  @DRUG-SAME-SUBSTANCE-LINES
  Scenarie: Tre ordinationer af samme stof giver én opgave
    Givet patienten får "Metoprolol 25 mg" (C07AB02) fast
    Og patienten får "Metoprolol 50 mg" (C07AB02) fast
    Og patienten får "Metoprolol 100 mg" (C07AB02) fast
    Når medicinen vurderes
    Så giver reglen DRUG-SAME-SUBSTANCE-LINES 1 fund
    Og er der 1 opgave fra DRUG-SAME-SUBSTANCE-LINES
    Og nævner fundet fra DRUG-SAME-SUBSTANCE-LINES "Patienten får Metoprolol 25 mg, Metoprolol 50 mg og Metoprolol 100 mg fast"

  @DRUG-SAME-SUBSTANCE-LINES
  Abstrakt Scenario: Kun faste ordinationer af samme stof tæller
    Givet patienten får "Metoprolol 50 mg" (C07AB02) fast
    Og patienten får "Metoprolol 100 mg" (C07AB02) <ordination>
    Når medicinen vurderes
    Så giver reglen DRUG-SAME-SUBSTANCE-LINES <fund>

    Eksempler:
      | ordination            | fund       |
      | efter behov           | intet fund |
      | fast, men pauseret    | intet fund |
      | fast, men seponeret   | intet fund |
      | som tidsbegrænset kur | intet fund |
      | fast                  | et fund    |

  @DRUG-SAME-SUBSTANCE-LINES
  Scenarie: Forskellige stoffer fra samme læge er ikke samme stof
    Givet patienten får "Metoprolol 50 mg" (C07AB02) fast
    Og patienten får "Bisoprolol 5 mg" (C07AB07) fast
    Når medicinen vurderes
    Så giver reglen DRUG-SAME-SUBSTANCE-LINES intet fund
    Og giver reglen DRUG-THERAPEUTIC-DUPLICATION 1 fund
