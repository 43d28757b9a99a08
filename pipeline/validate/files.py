"""File-level checks: which submission files count, each active unit's status, late arrivals and
the nominations that come with a usable file.

A file with a blocking finding (unreadable, unknown unit, two differing files, wrong year) is not
usable; a unit none of whose files is usable is "excluded", one without a file "missing".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd

from pipeline.form.layout import AWARD_FORMS
from pipeline.inputs.catalog import RegistryUnit
from pipeline.model.findings import BLOCKING_CODES, CATALOGUE, Finding, Report
from pipeline.model.ingested import IngestResult


def blocked_files(report: Report) -> set[str]:
    """The files a blocking finding makes unusable."""
    return {f.file for f in report.findings if f.code in BLOCKING_CODES and f.file}


def unit_status(
    ingested: IngestResult, report: Report, active: dict[str, RegistryUnit], blocked: set[str], year: int
) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """Each active unit's status, why it is not received, and the usable files; a missing unit is reported."""
    files_of: dict[str, list[str]] = defaultdict(list)
    for file, unit in ingested.files.items():
        files_of[unit].append(file)
    first_block: dict[str, Finding] = {}
    for finding in report.findings:
        if finding.code in BLOCKING_CODES and finding.file:
            first_block.setdefault(finding.file, finding)
    status, notes, usable = {}, {}, set()
    for code in active:
        files = sorted(files_of.get(code, []))
        good = [f for f in files if f not in blocked]
        if good:
            status[code] = "received"
            usable.update(good)
        elif files:
            status[code] = "excluded"
            notes[code] = _why([first_block[f] for f in files if f in first_block])
        else:
            status[code] = "missing"
            notes[code] = f"Chưa gửi báo cáo năm {year}."
            report.add(
                "thieu-bao-cao", unit=code, detail=f"Không có tệp nào của đơn vị {code} trong submissions."
            )
    return status, notes, usable


def _why(blocks: list[Finding]) -> str:
    """Why a unit's files are unusable, one sentence per distinct reason: "Tệp A, B: ..."."""
    reasons: dict[str, list[str]] = defaultdict(list)
    for finding in blocks:
        detail = f" {finding.detail}" if finding.detail else ""
        reasons[f"{CATALOGUE[finding.code].rule}{detail}"].append(finding.file or "")
    return " ".join(f"Tệp {', '.join(files)}: {reason}" for reason, files in reasons.items())


def late_units(
    ingested: IngestResult,
    status: dict[str, str],
    usable: set[str],
    deadline: dt.date | None,
    report: Report,
) -> dict[str, str]:
    """Received units whose usable file arrived after the deadline -> when; each one reported."""
    if deadline is None:
        return {}
    if not isinstance(deadline, dt.datetime):  # a day (meta.toml's deadline) ends at midnight
        deadline = dt.datetime.combine(deadline, dt.time(23, 59, 59))
    late = {}
    for file in sorted(usable):
        unit, received = ingested.files[file], ingested.received_at.get(file, "")
        if status.get(unit) == "received" and received and dt.datetime.fromisoformat(received) > deadline:
            late[unit] = received
            report.add(
                "nop-muon",
                unit=unit,
                file=file,
                value=received.replace("T", " "),
                detail=f"Hạn nộp {deadline:%d/%m/%Y %H:%M}.",
            )
    return late


def usable_nominations(
    ingested: IngestResult, status: dict[str, str], usable: set[str], received: list[str]
) -> pd.DataFrame:
    """Nominations with a known form, from a received unit's usable file or from the office's own list."""
    nominations = ingested.nominations
    from_form = nominations["file"].isin(usable) & nominations["ma_don_vi"].isin(received)
    from_office = ~nominations["file"].isin(ingested.files) & nominations["ma_don_vi"].isin(status)
    kept = nominations[(from_form | from_office) & nominations["hinh_thuc"].isin(AWARD_FORMS)]
    return kept.reset_index(drop=True)
