"""Stage 1, reading: a patient's input (a file, a stream, a Bulk Data export) to typed FHIR
resources, within limits, by the full reader (fhir.resources) or the fast one (msgspec)."""
