# language: da
Egenskab: Revurderingsdato på fast medicin
  DSAM foreslår en revurderingsdato på fast medicin. Når datoen er passeret, bør den
  ordinerende læge revurdere lægemidlet.
  Kilde: 003_7bf789397344ef82.txt, afsnittet "Stempelkontor".

  Baggrund:
    Givet en patient på 78 år
    Og vurderingsdatoen er 2026-06-15
    Og patienten får 3 forskellige lægemidler fast

  @DRUG-REASSESSMENT-OVERDUE
  Abstrakt Scenario: Revurderingsdatoen er overskredet dagen efter
    Givet patienten får "Alendronsyre" (M05BA04) fast med revurderingsdato <hvornår>
    Når medicinen vurderes
    Så giver reglen DRUG-REASSESSMENT-OVERDUE <fund>

    Eksempler:
      | hvornår          | fund       |
      | for 1 dag siden  | et fund    |
      | i dag            | intet fund |
      | om 30 dage       | intet fund |

  @DRUG-REASSESSMENT-OVERDUE
  Scenarie: Opgaven ligger hos den ordinerende læge
    Givet patienten får "Alendronsyre" (M05BA04) fast med revurderingsdato for 60 dage siden
    Når medicinen vurderes
    Så henviser fundet fra DRUG-REASSESSMENT-OVERDUE til ordinationen af "Alendronsyre"
    Og ligger opgaven "revurder lægemidlet" fra DRUG-REASSESSMENT-OVERDUE hos ordinerende læge i almen praksis
    Og er medicingennemgang ikke aktuel
