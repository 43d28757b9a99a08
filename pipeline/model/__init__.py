"""The Summary contract between aggregation and rendering, its unit tables, summary.json I/O and findings."""
