"""DOCX, XLSX and PDF writing: atomic files, reproducible zips, streamed sheets; imports no stage."""
