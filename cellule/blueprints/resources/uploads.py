"""Attachment files: type checks by content, size limit, storage under server-made names.

The browser's content type and the file name are never trusted: the
extension must be allowed *and* the bytes must be of that format (magic
bytes via ``filetype``; for OpenDocument the zip's ``mimetype`` entry, for
Office Open XML the ``[Content_Types].xml`` main part). Files are written
under ``UPLOAD_DIR/resources/`` with a random name, and their SHA-256 kept.
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype
from flask import current_app
from flask_babel import gettext as _

from ...l10n import number

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
CHUNK = 64 * 1024

# extension → (served MIME type, label)
KINDS: dict[str, str] = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
}
EXTENSIONS = {**{k: k for k in KINDS}, "jpeg": "jpg"}
_OOXML_MAIN = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}


class UploadError(Exception):
    """A refused file; the message is French and says what to do."""


class TooLarge(UploadError):
    pass


@dataclass
class StoredFile:
    stored_name: str
    filename: str
    kind: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(current_app.config.get("RESOURCES_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def storage_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"]) / "resources"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(stored_name: str) -> Path:
    """The file of an attachment; stored names are ours (hex), so no traversal is possible."""
    if not re.fullmatch(r"[0-9a-f]{32}", stored_name):
        raise ValueError("not a stored name")
    return storage_dir() / stored_name


def clean_filename(name: str) -> str:
    """A displayable file name: no folders, no control characters, at most 150 characters."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    return (stem[:140] or "fichier") + (f".{ext[:8]}" if ext else "")


def extension_of(filename: str) -> str | None:
    ext = filename.rpartition(".")[2].lower() if "." in filename else ""
    return EXTENSIONS.get(ext)


def _zip_entry(path: Path, name: str, limit: int = 64 * 1024) -> bytes | None:
    """Read a small entry of a zip file (bounded, so a zip bomb cannot hurt)."""
    try:
        with zipfile.ZipFile(path) as archive:
            with archive.open(name) as entry:
                return entry.read(limit)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return None


def content_matches(path: Path, kind: str) -> bool:
    """Whether the bytes at ``path`` really are a ``kind`` file."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    guessed = filetype.guess(head)
    if kind in ("pdf", "png", "jpg"):
        return guessed is not None and guessed.extension == kind
    if not head.startswith(b"PK\x03\x04"):
        return False
    if kind in ("odt", "ods"):
        return _zip_entry(path, "mimetype") == KINDS[kind].encode()
    types = _zip_entry(path, "[Content_Types].xml")
    return types is not None and _OOXML_MAIN[kind].encode() in types


def store(stream: BinaryIO, original_name: str) -> StoredFile:
    """Check and save an uploaded file; raise :class:`UploadError` (or :class:`TooLarge`)."""
    filename = clean_filename(original_name)
    kind = extension_of(filename)
    if kind is None:
        raise UploadError(_("Format refusé : seuls les fichiers PDF, ODT, ODS, DOCX, XLSX, PNG et "
                            "JPEG sont acceptés."))
    limit = max_bytes()
    stored_name = secrets.token_hex(16)
    target = path_of(stored_name)
    digest, size = hashlib.sha256(), 0
    try:
        with open(target, "xb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TooLarge(too_large_message())
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise UploadError(_("Le fichier est vide : choisissez un autre fichier."))
        if not content_matches(target, kind):
            raise UploadError(_("Le contenu du fichier ne correspond pas à son extension .%(ext)s : "
                                "vérifiez le fichier ou enregistrez-le à nouveau dans ce format.",
                                ext=kind))
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    os.chmod(target, 0o640)
    return StoredFile(stored_name, filename, kind, size, digest.hexdigest())


def too_large_message() -> str:
    mb = max_bytes() / (1024 * 1024)
    shown = number(mb, max_digits=1)
    return _("Le fichier dépasse la taille maximale de %(mb)s Mo. Réduisez-le (par exemple en "
             "PDF compressé) ou déposez-en un plus léger.", mb=shown)


def delete_file(stored_name: str) -> None:
    """Remove a stored file (used only when a sheet's revisions are purged)."""
    path_of(stored_name).unlink(missing_ok=True)
