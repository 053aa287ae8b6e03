"""Stage 3, the facts: the card as of one day, as the flat facts rule conditions test."""
