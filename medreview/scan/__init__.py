"""Batch scans: many patients in, worklists out, on local processes or a Dask cluster."""
