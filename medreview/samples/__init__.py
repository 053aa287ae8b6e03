"""Synthetic patients for demonstrations and benchmarks: a seeded Danish population."""
