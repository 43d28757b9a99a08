"""Reproducible DOCX/XLSX bytes: the same inputs give the same file on any machine, at any time.

python-docx, docxtpl, openpyxl and xlsxwriter stamp the current time into docProps/core.xml
and every zip entry, so two runs a second apart differ and every re-run looks like a change.
`reproducible` rewrites the package: core properties from a date in the inputs (never the
clock), fixed zip timestamps (1980-01-01, the zip format's epoch), fixed entry attributes and
a stable entry order. Only the wrapping changes; the parts' XML is kept as it is, apart from
the four core properties.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from pathlib import PurePath

from lxml import etree

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
OOXML_SUFFIXES = frozenset({".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".pptx"})
AUTHOR = "tongket"
CORE_PART = "docProps/core.xml"
CONTENT_TYPES = "[Content_Types].xml"

_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
# Already compressed: stored as they are, like Office does.
_STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff")


def as_timestamp(when: date | datetime | str) -> datetime:
    """A date from the inputs (ISO text, date or datetime) as midnight UTC, or the datetime in UTC."""
    if isinstance(when, str):
        when = datetime.fromisoformat(when) if "T" in when else date.fromisoformat(when)
    if isinstance(when, datetime):
        return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
    return datetime.combine(when, time(0, 0), tzinfo=UTC)


def reproducible(name: str | PurePath, data: bytes, when: date | datetime | str) -> bytes:
    """`data` with fixed timestamps and properties if `name` is an Office Open XML file; else as it is."""
    if PurePath(name).suffix.lower() not in OOXML_SUFFIXES:
        return data
    return normalize_package(data, as_timestamp(when))


def normalize_package(data: bytes, when: datetime) -> bytes:
    """Rewrite an OOXML zip: core properties from `when`, fixed timestamps and attributes, stable order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    if CORE_PART in parts:
        parts[CORE_PART] = _core_properties(parts[CORE_PART], when)
    return write_package(parts)


def write_package(parts: Mapping[str, bytes]) -> bytes:
    """The parts as a zip with fixed timestamps and attributes, in a stable order: the same parts
    give the same bytes on any machine. The one place a reproducible package is zipped."""
    # [Content_Types].xml first, as Office writes it; the rest by name, so writer order does not matter.
    names = sorted(parts, key=lambda n: (n != CONTENT_TYPES, n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            stored = name.lower().endswith(_STORED_SUFFIXES)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.create_system = 0  # ZipInfo says 3 on POSIX and 0 on Windows: one value for every machine
            info.external_attr = 0
            target.writestr(info, parts[name], compresslevel=None if stored else 6)
    return out.getvalue()


def _core_properties(xml: bytes, when: datetime) -> bytes:
    root = etree.fromstring(xml)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    for tag in ("created", "modified"):
        element = _child(root, "dcterms", tag)
        element.text = stamp
        element.set(f"{{{_NS['xsi']}}}type", "dcterms:W3CDTF")
    _child(root, "cp", "lastModifiedBy").text = AUTHOR
    _child(root, "cp", "revision").text = "1"
    for printed in root.findall("cp:lastPrinted", _NS):
        root.remove(printed)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _child(root: etree._Element, prefix: str, tag: str) -> etree._Element:
    found = root.find(f"{prefix}:{tag}", _NS)
    if found is None:
        found = etree.SubElement(root, f"{{{_NS[prefix]}}}{tag}")
    return found
