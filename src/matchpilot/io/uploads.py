"""Uploaded files kept between the steps of a page (upload → mapping → import; report → confirm the merge).

A file the user uploads is copied, a chunk at a time and never more than ``max_bytes``, into a folder of this
computer under a random id (:func:`secrets.token_urlsafe`, 192 bits); the page carries only the id. Each kept
file records its owner (an opaque key) and its name; opening it needs the id *and* the same owner, so an id
from another account reads as "lost". Kept files end after ``keep_for`` (an hour) and are removed once used.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from matchpilot.errors import InputError, StorageError, TooLargeError

__all__ = ["KeptUpload", "UploadStore"]

_ID = re.compile(r"^[A-Za-z0-9_-]{32}$")
_LOST = "the uploaded file was lost between steps (or is more than an hour old); upload it again"
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class KeptUpload:
    """A kept upload: its ``id`` (what a page carries), the file's name as uploaded, and where its bytes are."""

    id: str
    filename: str
    path: Path


class UploadStore:
    """Uploaded files kept in ``directory`` (created, readable by this user only) for ``keep_for`` seconds."""

    def __init__(self, directory: Path, *, keep_for: float = 3600.0, max_bytes: int = 50 * 1024 * 1024) -> None:
        """Keep uploads in ``directory`` for ``keep_for`` seconds, each at most ``max_bytes``."""
        self.directory = directory
        self.keep_for = keep_for
        self.max_bytes = max_bytes

    def keep(self, owner: str, filename: str, source: IO[bytes]) -> KeptUpload:
        """Copy ``source`` (read from where it stands) into the store for ``owner``; returns the kept upload.
        TooLargeError, and nothing kept, when it holds more than ``max_bytes``."""
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._make_private()
        self.expire()
        upload_id = secrets.token_urlsafe(24)
        data, meta = self._paths(upload_id)
        written = 0
        try:
            with data.open("xb") as out:
                while chunk := source.read(_CHUNK):
                    written += len(chunk)
                    if written > self.max_bytes:
                        raise TooLargeError(
                            f"{filename}: the file is larger than {self.max_bytes / (1024 * 1024):g} MB "
                            "(the limit for a sheet)"
                        )
                    out.write(chunk)
            meta.write_text(json.dumps({"owner": owner, "filename": filename}), encoding="utf-8")
        except BaseException:
            data.unlink(missing_ok=True)
            meta.unlink(missing_ok=True)
            raise
        return KeptUpload(upload_id, filename, data)

    def get(self, owner: str, upload_id: str) -> KeptUpload:
        """The upload kept as ``upload_id`` for ``owner``; InputError ("upload it again") when there is none,
        it belongs to someone else, or it has ended."""
        if not _ID.match(upload_id):
            raise InputError(_LOST)
        data, meta = self._paths(upload_id)
        try:
            recorded = json.loads(meta.read_text(encoding="utf-8"))
            age = time.time() - data.stat().st_mtime
        except (OSError, ValueError):
            raise InputError(_LOST) from None
        if not isinstance(recorded, dict) or recorded.get("owner") != owner or age > self.keep_for:
            raise InputError(_LOST)
        return KeptUpload(upload_id, str(recorded.get("filename") or "upload"), data)

    def discard(self, owner: str, upload_id: str) -> None:
        """Remove the upload kept as ``upload_id`` for ``owner`` (nothing when there is none)."""
        try:
            self.get(owner, upload_id)
        except InputError:
            return
        for path in self._paths(upload_id):
            path.unlink(missing_ok=True)

    def expire(self) -> None:
        """Remove every kept upload older than ``keep_for``."""
        if not self.directory.is_dir():
            return
        deadline = time.time() - self.keep_for
        for path in self.directory.iterdir():
            try:
                if path.stat().st_mtime < deadline:
                    path.unlink(missing_ok=True)
            except OSError:
                continue

    def clear(self) -> None:
        """Remove every kept upload (the folder too)."""
        shutil.rmtree(self.directory, ignore_errors=True)

    def _make_private(self) -> None:
        """The folder must be this user's and readable by nobody else (a shared temporary folder could hold a
        folder of that name made by someone else)."""
        if not hasattr(os, "getuid"):
            return
        found = self.directory.stat()
        if found.st_uid != os.getuid():
            raise StorageError(
                f"the folder for uploads, {self.directory}, belongs to another user of this computer, so "
                "matchpilot cannot keep your files there privately; nothing was uploaded. Whoever runs matchpilot "
                "can choose another folder for uploads and start it again"
            )
        if found.st_mode & 0o077:
            self.directory.chmod(0o700)

    def _paths(self, upload_id: str) -> tuple[Path, Path]:
        return self.directory / f"{upload_id}.upload", self.directory / f"{upload_id}.json"
