"""What the portal keeps on disk: unit links (token hashes), staff accounts, each unit's last upload
and the office's decision on it, and the audit log.

Everything lives under inputs/portal/ (body-wide: staff, the cookie key) and inputs/portal/<Y>/
(per year). That folder is outside inputs/<Y>/ on purpose: the run's input fingerprint covers the
year folders, and an approval or an audit line must not make the next run redo ingest for nothing.
Only hashes of the unit tokens and passwords are stored; every file is written atomically.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pipeline.errors import InputError
from pipeline.office.atomic import replace_atomic

PORTAL_DIR = "portal"  # under the inputs folder
STAFF_FILE = "staff.json"
SECRET_FILE = "secret.key"
LINKS_FILE = "links.json"
AUDIT_FILE = "audit.jsonl"
UNITS_DIR = "don-vi"  # one record per unit: last upload, findings, decision
ARCHIVE_DIR = "archive"  # every earlier version of a submission, never deleted
PENDING_DIR = "pending"  # uploads accepted while a run held the lock, placed after it
INCOMING_DIR = "incoming"  # uploads being checked
# A registry code becomes a file name only when it is this plain (the registry is the office's, but
# a code is still never trusted as a path).
_SAFE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_HASHER = PasswordHasher()
# Compared against when the unit has no link, so that a wrong code costs the same time as a wrong token.
_NO_LINK = hashlib.sha256(b"no link").hexdigest()


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def token_hash(token: str) -> str:
    """Tokens are 256 random bits: a fast hash is enough (no dictionary to guess from)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def write_json(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    replace_atomic(path, text.encode("utf-8"))


def read_json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default
    except ValueError as exc:
        raise InputError(
            f"Tệp {path} bị hỏng ({exc}). Khôi phục tệp từ bản sao lưu hoặc xóa để tạo lại."
        ) from None


def unit_file_name(code: str) -> str:
    """The file name for a registry code, refused when the code is not plain letters and digits."""
    if not _SAFE_CODE.match(code):
        raise InputError(
            f"Mã đơn vị «{code}» trong units.csv có ký tự không dùng được làm tên tệp; "
            "chỉ dùng chữ không dấu, chữ số, «_», «-» hoặc «.»."
        )
    return code


@dataclass
class Verdict:
    """The office's decision on a unit's submission: approved or returned with a note."""

    state: str  # "approved" | "returned"
    note: str
    by: str
    at: str


class PortalStore:
    """The portal's files for one inputs folder and one year; safe to use from several threads."""

    def __init__(self, inputs: Path, year: int) -> None:
        self.root = inputs / PORTAL_DIR
        self.year_dir = self.root / str(year)
        self.year = year
        self._lock = threading.Lock()

    # -- folders
    def folder(self, name: str) -> Path:
        path = self.year_dir / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    # -- the key that signs session cookies: made once, kept private
    def secret_key(self) -> str:
        path = self.root / SECRET_FILE
        if not path.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass  # another process made it first: use theirs
            else:
                with os.fdopen(fd, "w", encoding="ascii") as handle:
                    handle.write(secrets.token_hex(32))
        return path.read_text(encoding="ascii").strip()

    # -- unit links
    def issue_links(self, codes: list[str]) -> dict[str, str]:
        """A new random token for each unit (its old link stops working); returns code -> token."""
        tokens = {code: secrets.token_urlsafe(32) for code in codes}
        with self._lock:
            links = read_json(self.year_dir / LINKS_FILE, {})
            for code, token in tokens.items():
                unit_file_name(code)
                links[code] = {"hash": token_hash(token), "issued": now(), "revoked": False}
            self.folder(".")
            write_json(self.year_dir / LINKS_FILE, links)
        return tokens

    def revoke_links(self, codes: list[str]) -> list[str]:
        with self._lock:
            links = read_json(self.year_dir / LINKS_FILE, {})
            revoked = [code for code in codes if code in links and not links[code]["revoked"]]
            for code in revoked:
                links[code].update(revoked=True, revoked_at=now())
            write_json(self.year_dir / LINKS_FILE, links)
        return revoked

    def token_matches(self, code: str, token: str) -> bool:
        """Constant time in the token (hmac.compare_digest), and a missing or revoked link costs the same."""
        link = read_json(self.year_dir / LINKS_FILE, {}).get(code)
        usable = isinstance(link, dict) and not link.get("revoked")
        expected = link["hash"] if usable else _NO_LINK
        same = hmac.compare_digest(token_hash(token).encode(), str(expected).encode())
        return same and usable

    # -- staff
    def add_staff(self, name: str, password: str) -> None:
        if not name.strip() or len(name) > 64:
            raise InputError("Tên đăng nhập phải có từ 1 đến 64 ký tự.")
        if len(password) < 8:
            raise InputError("Mật khẩu phải có ít nhất 8 ký tự.")
        with self._lock:
            staff = read_json(self.root / STAFF_FILE, {})
            staff[name] = {"hash": _HASHER.hash(password), "added": now()}
            self.root.mkdir(parents=True, exist_ok=True)
            write_json(self.root / STAFF_FILE, staff)

    def staff_password_ok(self, name: str, password: str) -> bool:
        """argon2 verification; an unknown name is checked against a dummy hash to take as long."""
        account = read_json(self.root / STAFF_FILE, {}).get(name)
        stored = account["hash"] if isinstance(account, dict) else _DUMMY_HASH
        try:
            _HASHER.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
        return account is not None

    # -- each unit's record: its last upload and the office's decision
    def record(self, code: str) -> dict[str, Any]:
        return dict(read_json(self.year_dir / UNITS_DIR / f"{unit_file_name(code)}.json", {}))

    def records(self) -> dict[str, dict[str, Any]]:
        folder = self.year_dir / UNITS_DIR
        if not folder.is_dir():
            return {}
        found = {}
        for entry in os.scandir(folder):
            if entry.name.endswith(".json") and not entry.name.startswith("."):
                found[entry.name[: -len(".json")]] = read_json(Path(entry.path), {})
        return found

    def update_record(self, code: str, **changes: Any) -> dict[str, Any]:
        with self._lock:
            record = self.record(code)
            record.update(changes)
            write_json(self.folder(UNITS_DIR) / f"{unit_file_name(code)}.json", record)
        return record

    def decide(self, code: str, verdict: Verdict) -> dict[str, Any]:
        return self.update_record(code, decision=verdict.__dict__)

    # -- audit: one JSON line per upload, refusal, decision and run; appended, never rewritten
    def audit(self, event: str, **fields: Any) -> None:
        line = json.dumps({"time": now(), "event": event, **fields}, ensure_ascii=False, sort_keys=True)
        with self._lock:
            path = self.folder(".") / AUDIT_FILE
            with path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
                handle.flush()
                os.fsync(handle.fileno())

    def audit_lines(self) -> list[dict[str, Any]]:
        path = self.year_dir / AUDIT_FILE
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))
