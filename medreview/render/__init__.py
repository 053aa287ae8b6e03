"""Stage 6, rendering: the assessment as text for a person, as FHIR workflow resources, and
as worklist pages."""
