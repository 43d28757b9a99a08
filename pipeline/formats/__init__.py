"""Vietnamese text, numbers and dates: normalisation, parsing, the jinja filters and environment."""
