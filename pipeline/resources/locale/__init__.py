"""gettext catalogs (vi/LC_MESSAGES/messages.po, compiled to .mo by tools/compile_locale.py)."""
