"""Stage 4, the rules: the rule set as data (loading, checking, fingerprinting), its
clinical lists and message formats, and durable-rules, which runs the conditions."""
