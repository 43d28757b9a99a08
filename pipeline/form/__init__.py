"""The submission workbook: its layout (the contract ingest reads) and its one writer."""
