"""Beside the pipeline, for clinicians: the Gherkin specifications, sign-offs and the rule
catalogue they approve from."""
