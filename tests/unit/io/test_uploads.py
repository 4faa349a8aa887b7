"""Uploads kept between a page's steps (issue 19, finding 14): in a private folder, by an id only their owner can
use, never larger than the limit, ended after an hour."""

from __future__ import annotations

import io
import os
import stat
import time
from pathlib import Path

import pytest

from matchpilot.errors import InputError, TooLargeError
from matchpilot.io.uploads import UploadStore


def test_kept_read_back_by_its_owner_only(tmp_path: Path) -> None:
    store = UploadStore(tmp_path / "uploads")
    kept = store.keep("alice", "mine.csv", io.BytesIO(b"code\n1\n"))
    assert store.get("alice", kept.id).path.read_bytes() == b"code\n1\n"
    assert store.get("alice", kept.id).filename == "mine.csv"
    for owner, upload_id in (("bob", kept.id), ("alice", "../../etc/passwd"), ("alice", "x" * 32)):
        with pytest.raises(InputError, match="upload it again"):
            store.get(owner, upload_id)
    store.discard("bob", kept.id)  # someone else's discard does nothing
    assert kept.path.exists()
    store.discard("alice", kept.id)
    assert not kept.path.exists()


def test_too_large_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    store = UploadStore(tmp_path / "uploads", max_bytes=1000)
    with pytest.raises(TooLargeError, match=r"big.csv: the file is larger than 0.000953674 MB"):
        store.keep("alice", "big.csv", io.BytesIO(b"x" * 1001))
    assert list((tmp_path / "uploads").iterdir()) == []


def test_old_uploads_end(tmp_path: Path) -> None:
    store = UploadStore(tmp_path / "uploads", keep_for=3600)
    old = store.keep("alice", "old.csv", io.BytesIO(b"code\n"))
    hours_ago = time.time() - 7200
    for path in old.path.parent.glob(f"{old.id}.*"):
        os.utime(path, (hours_ago, hours_ago))
    with pytest.raises(InputError, match="more than an hour old"):
        store.get("alice", old.id)
    store.keep("alice", "new.csv", io.BytesIO(b"code\n"))  # each new upload clears the ended ones
    assert not old.path.exists()


def test_the_folder_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    UploadStore(folder).keep("alice", "a.csv", io.BytesIO(b"code\n"))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
