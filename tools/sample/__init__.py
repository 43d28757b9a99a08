"""The bundled sample inputs (inputs/): Cụm thi đua số 5, years 2023-2026, split by what it builds.

`python -m tools.sample` (or `python tools/make_sample_inputs.py`) rewrites inputs/ from the literal
tables here: `registry` (units.csv, and the catalog the forms are built from), `figures` (the 2023 and
2024 submissions, seed 002's totals), `merger` (2025, after Bắc Kạn and Hà Giang merged), `targets`,
`nominations`, `rules` (body.toml, rules.toml) and `meta` (each year's meta.toml); `submissions` writes
a year's files, the workbooks through the one form writer (`pipeline.form.writer`, filled in by
`tools.demo.forms.FormFiller`); `build` checks everything, then writes. The output is byte-for-byte
deterministic. Scores and awards are not computed here: tests/test_sample_inputs.py checks what
tongket makes of the sample against explicit expected values.
"""
