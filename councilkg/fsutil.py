"""Durable, atomic file writes that keep the folder's permissions.

Why: ``tempfile.mkstemp`` creates 0600 files, so a write-then-rename silently turned shared 0644
files private; and a rename without an fsync can leave an empty file after a power cut. Every
writer of the corpus and the builds goes through these few functions.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path


def folder_file_mode(folder: str | Path) -> int:
    """The mode a file in ``folder`` should have: the folder's read/write bits, never execute bits.

    A 0755 folder gives 0644 files, 0700 gives 0600, 0775 gives 0664.
    """
    return stat.S_IMODE(os.stat(folder).st_mode) & 0o666


def fsync_dir(folder: str | Path) -> None:
    """Flush a folder's entries (a rename is durable only once its folder is synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some filesystems refuse to open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def fsync_file(path: str | Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def fsync_tree(folder: str | Path) -> None:
    """fsync every file and folder under ``folder`` (before it is renamed into place)."""
    for root, _dirs, files in os.walk(folder):
        for name in files:
            fsync_file(Path(root) / name)
        fsync_dir(root)


def temp_path(target: str | Path, prefix: str) -> Path:
    """A new empty temp file beside ``target`` (same folder, so the final rename is atomic)."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=prefix)
    os.close(fd)
    os.chmod(tmp, folder_file_mode(target.parent))
    return Path(tmp)


def atomic_write(target: str | Path, data: bytes | str, prefix: str = ".tmp-") -> Path:
    """Write ``data`` to ``target`` all-or-nothing: temp file, fsync, rename, fsync the folder."""
    target = Path(target)
    tmp = temp_path(target, prefix)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def atomic_copy(source: str | Path, target: str | Path, prefix: str = ".tmp-") -> Path:
    """Copy ``source`` to ``target`` all-or-nothing, with the target folder's file mode."""
    target = Path(target)
    tmp = temp_path(target, prefix)
    try:
        with open(source, "rb") as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def remove_leftovers(folder: str | Path, patterns: tuple[str, ...]) -> list[Path]:
    """Delete what a killed writer left in ``folder`` (names matching ``patterns``); return them.

    Only call this while holding the folder's writer lock: otherwise a live writer's temp files
    would be deleted under it.
    """
    removed = []
    folder = Path(folder)
    if not folder.is_dir():
        return removed
    for pattern in patterns:
        for path in folder.glob(pattern):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed
