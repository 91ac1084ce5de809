"""Writing a digest's files: only what changed, remembered in a manifest.

The manifest (``.newsweave-digest.json`` in the folder) maps each page's path to
the key of what it was made from, the SHA-256 of what was written, and its index
entry. A page whose key is unchanged and whose file is still there is not rendered
again; a rendered page whose bytes are unchanged is not rewritten; a page of the
last run that this run does not make is removed. Files the manifest does not list
are never touched.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsweave.errors import NewsweaveError

MANIFEST = ".newsweave-digest.json"
MANIFEST_VERSION = 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def key_of(*parts: object) -> str:
    """A page's key: a hash of everything it is made from, as JSON."""
    return sha256(json.dumps(parts, sort_keys=True, default=str).encode())


@dataclass
class PageWriter:
    """Writes a digest's pages under ``root`` (see the module docstring)."""

    root: Path
    old: dict[str, dict[str, Any]] = field(default_factory=dict)
    new: dict[str, dict[str, Any]] = field(default_factory=dict)
    written: int = 0
    unchanged: int = 0

    @classmethod
    def open(cls, root: Path) -> PageWriter:
        """A writer for ``root``: a new or empty folder, or an earlier digest."""
        if root.exists() and not root.is_dir():
            raise NewsweaveError(f"{root} is a file: give a folder for the digest (-o DIR)")
        manifest = root / MANIFEST
        if root.is_dir() and not manifest.exists() and any(root.iterdir()):
            raise NewsweaveError(
                f"{root} is not empty and holds no newsweave digest: give a new or empty"
                " folder with -o DIR"
            )
        old: dict[str, dict[str, Any]] = {}
        if manifest.exists():
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
                if data.get("version") == MANIFEST_VERSION:
                    old = dict(data["pages"])
            except (ValueError, KeyError, TypeError, AttributeError):
                old = {}  # a damaged manifest: every page is made again
        root.mkdir(parents=True, exist_ok=True)
        return cls(root, old)

    def is_current(self, path: str, key: str) -> bool:
        """Whether ``path`` was made from ``key`` last time and is still there; if so
        it is kept (with its entry) without rendering."""
        before = self.old.get(path)
        if before is None or before.get("key") != key or not (self.root / path).is_file():
            return False
        self.new[path] = before
        self.unchanged += 1
        return True

    def entry(self, path: str) -> Any:
        """The index entry stored with a page kept by :meth:`is_current`."""
        return self.new[path].get("entry")

    def previous(self, path: str) -> str | None:
        """The SHA-256 of what the last run wrote to ``path``, if it wrote it."""
        before = self.old.get(path)
        return None if before is None else before.get("sha256")

    def write(self, path: str, content: str | bytes, key: str, entry: Any = None) -> None:
        digest, written = write_file(self.root, path, content, self.previous(path))
        self.record(path, key, digest, written, entry)

    def record(self, path: str, key: str, digest: str, written: bool, entry: Any = None) -> None:
        """Remember a page :func:`write_file` wrote (or found unchanged), here or in a
        worker process."""
        if written:
            self.written += 1
        else:
            self.unchanged += 1
        self.new[path] = {"key": key, "sha256": digest, "entry": entry}

    def finish(self) -> int:
        """Remove the pages of the last run this run did not make, save the manifest;
        returns how many were removed."""
        removed = 0
        for path in sorted(set(self.old) - set(self.new)):
            target = self.root / path
            # A hand-edited manifest must not reach outside the folder.
            inside = target.resolve().is_relative_to(self.root.resolve())
            if inside and target.is_file():
                target.unlink()
                removed += 1
        manifest = self.root / MANIFEST
        temporary = manifest.with_name(MANIFEST + ".tmp")
        temporary.write_text(
            json.dumps({"version": MANIFEST_VERSION, "pages": self.new}, sort_keys=True),
            encoding="utf-8",
        )
        os.replace(temporary, manifest)
        return removed


def write_file(root: Path, path: str, content: str | bytes, before: str | None) -> tuple[str, bool]:
    """Write ``content`` to ``root / path`` unless the file is there and its last
    SHA-256 (``before``) is the content's; returns the content's SHA-256 and whether
    the file was written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    digest = sha256(data)
    target = root / path
    if before == digest and target.is_file():
        return digest, False
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)  # a reader never sees half a page
    return digest, True
