"""Stage 2, the card: typed resources to the patient's card as medreview understands it
(lines, drugs and their identity, parties and sectors, care events)."""
