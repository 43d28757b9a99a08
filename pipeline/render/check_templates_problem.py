"""What `tongket check-templates` reports: one problem in one template, for staff to fix in Word."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["loi", "canh_bao"]


@dataclass(frozen=True)
class TemplateProblem:
    """One finding: which template, which tag, what is wrong and how to fix it (Vietnamese)."""

    template: str
    tag: str
    message: str
    code: str
    severity: Severity = "loi"

    def __str__(self) -> str:
        level = "LỖI" if self.severity == "loi" else "Cảnh báo"
        where = f" «{self.tag}»" if self.tag else ""
        return f"{level} [{self.code}] {self.template}{where}: {self.message}"
