"""Check a workbook before any XML parser sees it: hostile files are refused clearly.

An .xlsx file is a zip of XML parts. Refused, each with a Swedish message:
- a file over ``MAX_FILE`` bytes, or one that is no zip (an old .xls, an encrypted workbook);
- more than ``MAX_MEMBERS`` parts, a part over ``MAX_PART`` bytes unpacked, all parts over
  ``MAX_TOTAL``, or a part packed more than ``MAX_RATIO`` times (zip bombs);
- an XML part with a document type declaration (``<!DOCTYPE``: entity expansion, "billion
  laughs", external entities). Workbooks never need one; the prolog is read up to its root
  element (at most ``MAX_PROLOG`` bytes).

openpyxl then parses with defusedxml (worksheets) and lxml without entity resolution (the
rest); this check does not depend on either.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

MAX_FILE = 64 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_PART = 400 * 1024 * 1024
MAX_TOTAL = 800 * 1024 * 1024
MAX_RATIO = 250
MAX_PROLOG = 64 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an .xls, or an encrypted .xlsx


class UnsafeWorkbook(Exception):
    """The file is refused before it is parsed; the message is for the user (Swedish)."""


def read_checked(path: str | Path) -> bytes:
    """The workbook's bytes, once they have passed every check (else UnsafeWorkbook)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise UnsafeWorkbook(f"kan inte läsa filen: {exc.strerror}") from exc
    if size > MAX_FILE:
        raise UnsafeWorkbook(f"filen är för stor ({size // (1024 * 1024)} MB; högst "
                             f"{MAX_FILE // (1024 * 1024)} MB)")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnsafeWorkbook(f"kan inte läsa filen: {exc.strerror}") from exc
    check(data)
    return data


def check(data: bytes) -> None:
    """Raise UnsafeWorkbook unless ``data`` is a zip of bounded size with XML parts
    without document type declarations."""
    if data.startswith(_OLE):
        raise UnsafeWorkbook("filen är en gammal .xls-arbetsbok eller lösenordsskyddad; "
                             "spara den som .xlsx utan lösenord")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UnsafeWorkbook("filen är ingen Excel-arbetsbok (.xlsx)") from exc
    if len(infos) > MAX_MEMBERS:
        raise UnsafeWorkbook(f"arbetsboken har för många delar ({len(infos)}; högst {MAX_MEMBERS})")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeWorkbook("arbetsboken är krypterad; spara den utan lösenord")
        if info.file_size > MAX_PART:
            raise UnsafeWorkbook(f"delen {info.filename} är för stor uppackad "
                                 f"({info.file_size // (1024 * 1024)} MB)")
        total += info.file_size
        if total > MAX_TOTAL:
            raise UnsafeWorkbook("arbetsboken är för stor uppackad (en zip-bomb?)")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeWorkbook(f"delen {info.filename} packas upp {info.file_size // max(info.compress_size, 1)} "
                                 "gånger större än den är (en zip-bomb?)")
    if "[Content_Types].xml" not in {i.filename for i in infos}:
        raise UnsafeWorkbook("filen är ingen Excel-arbetsbok (.xlsx): [Content_Types].xml saknas")
    for info in infos:
        name = info.filename.lower()
        if name.endswith((".xml", ".rels", ".vml")):
            try:
                with zf.open(info) as f:
                    head = f.read(MAX_PROLOG)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
                raise UnsafeWorkbook(f"delen {info.filename} går inte att packa upp") from exc
            _check_prolog(info.filename, head, complete=len(head) < MAX_PROLOG)


_ROOT = re.compile(r"<[A-Za-z_]")


def _check_prolog(name: str, head: bytes, complete: bool) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8", errors="replace")
    root = _ROOT.search(text)
    prolog = text[: root.start()] if root else text
    if "<!doctype" in prolog.lower() or "<!entity" in prolog.lower():
        raise UnsafeWorkbook(f"delen {name} har en DOCTYPE-deklaration, vilket en arbetsbok "
                             "aldrig behöver (en XML-bomb?)")
    if root is None and not complete:
        raise UnsafeWorkbook(f"delen {name} börjar inte som XML")
