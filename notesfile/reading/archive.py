"""A .zip of a folder of notes, unpacked safely into named files, without touching the disk.

Nothing is written anywhere: each member is read into memory, at most a byte
past the size limit, whatever size its header claims, so an archive cannot
fill the disk or the memory however it was made. What is refused is named,
with the reason in plain words; the rest is unpacked.
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from notesfile.format import NotesFormatError

# At most this many notes files from one upload or archive, and this many
# members of an archive in all (folders and ignored files included).
MAX_FILES = 100
MAX_MEMBERS = 1000
# An archive may unpack to at most this many times the limit of one file.
TOTAL_FACTOR = 10
# What people's computers put in a zip of a folder besides the files.
IGNORED_NAMES = {"__MACOSX", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class NamedFile:
    """A file to import: the name it goes by (its path inside an archive) and its bytes."""

    name: str
    content: bytes


@dataclass(frozen=True)
class Refused:
    """A file that will not be imported, and why, in plain words."""

    name: str
    message: str


def is_archive(name: str) -> bool:
    """A .zip, by its name: a file named otherwise is read as what its name says."""
    return PurePosixPath(name).suffix.lower() == ".zip"


def expand(files: list[NamedFile], *, max_bytes: int) -> list[NamedFile | Refused]:
    """The files of an upload with each .zip among them unpacked, in the order given.

    Raises NotesFormatError when they come to more files than can be imported at once.
    """
    found: list[NamedFile | Refused] = []
    for file in files:
        if not is_archive(file.name):
            found.append(file)
        elif len(file.content) > max_bytes * TOTAL_FACTOR:
            found.append(
                Refused(
                    file.name,
                    f"zip archives of up to {_size(max_bytes * TOTAL_FACTOR)} can be imported",
                )
            )
        else:
            try:
                found.extend(unpack(file.name, file.content, max_bytes=max_bytes))
            except NotesFormatError as error:
                found.append(Refused(file.name, str(error)))
    if len(found) > MAX_FILES:
        raise NotesFormatError(
            f"that is {len(found)} files; up to {MAX_FILES} can be imported at once"
        )
    return found


def unpack(name: str, content: bytes, *, max_bytes: int) -> list[NamedFile | Refused]:
    """The notes files a .zip holds, each named `archive.zip/folder/file`, or why not.

    Folders, dotfiles and what macOS and Windows add (__MACOSX, Thumbs.db) are
    passed over in silence. A member outside the folder ("../x", "/etc/x"), a
    zip inside the zip, an encrypted member or one over the size limit is
    refused by name; an archive that is not a zip, holds too many files or
    would unpack to far more than its files could be is refused whole.
    """
    if not content.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise NotesFormatError("the file is not a zip archive, though its name ends in .zip")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise NotesFormatError(
            "the zip archive is damaged and cannot be opened: make it again from the folder"
        ) from None
    if len(members) > MAX_MEMBERS:
        raise NotesFormatError(
            f"the zip archive holds {len(members)} files and folders; "
            f"an archive of up to {MAX_MEMBERS} can be imported"
        )
    wanted = [member for member in members if not _ignored(member)]
    if len(wanted) > MAX_FILES:
        raise NotesFormatError(
            f"the zip archive holds {len(wanted)} files; up to {MAX_FILES} can be imported at once"
        )
    # Sizes as the headers claim them; each read below is bounded as well,
    # so a header that lies is caught too.
    claimed = sum(member.file_size for member in wanted)
    if claimed > max_bytes * TOTAL_FACTOR:
        raise NotesFormatError(
            f"the zip archive would unpack to {_size(claimed)}, far more than notes files take "
            f"(up to {_size(max_bytes * TOTAL_FACTOR)} in all): it is not unpacked"
        )
    found: list[NamedFile | Refused] = []
    for member in wanted:
        label = f"{name}/{member.filename}"
        problem = _problem(member, max_bytes)
        if problem:
            found.append(Refused(label, problem))
            continue
        try:
            with archive.open(member) as opened:
                data = opened.read(max_bytes + 1)
        except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError):
            found.append(Refused(label, "this file in the archive is damaged and cannot be read"))
            continue
        if len(data) > max_bytes:
            found.append(Refused(label, _too_big(max_bytes)))
            continue
        found.append(NamedFile(label, data))
    return found


def _ignored(member: zipfile.ZipInfo) -> bool:
    parts = [part for part in member.filename.replace("\\", "/").split("/") if part]
    return (
        member.is_dir()
        or not parts
        or any(part in IGNORED_NAMES for part in parts)
        or parts[-1].startswith(".")
        or any(part.startswith(".") and part != ".." for part in parts[:-1])
    )


def _problem(member: zipfile.ZipInfo, max_bytes: int) -> str:
    path = member.filename.replace("\\", "/")
    parts = path.split("/")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":") or ".." in parts:
        return (
            "the archive would put this file outside its folder, which is how an archive "
            "overwrites other files: it is not unpacked"
        )
    if member.flag_bits & 0x1:
        return "this file in the archive is protected by a password: unpack it and upload it"
    if PurePosixPath(path).suffix.lower() == ".zip":
        return "a zip inside the zip is not opened: unpack it and upload the files it holds"
    if member.file_size > max_bytes:
        return f"this file unpacks to {_size(member.file_size)}; " + _too_big(max_bytes)
    return ""


def _too_big(max_bytes: int) -> str:
    return f"files of up to {_size(max_bytes)} can be imported"


def _size(count: int) -> str:
    """A size as people say it: "2 MB", "300 KB", "5.1 GB"."""
    for unit, name in ((1024**3, "GB"), (1024**2, "MB"), (1024, "KB")):
        if count >= unit:
            return f"{count / unit:.1f}".removesuffix(".0") + f" {name}"
    return f"{count} bytes"
