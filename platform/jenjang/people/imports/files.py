"""Reading uploaded spreadsheets, streamed: XLSX through openpyxl's read-only mode, CSV line by
line. Nothing here loads a whole file into memory, so a 20,000-row file costs the same memory
as a 20-row one.

The format is decided from the file's bytes, never from its name: a ZIP holding
xl/workbook.xml is XLSX, the old binary Excel format is refused with a precise message, and
anything else must be text. CSV may be UTF-8 (with or without BOM) or Windows-1252 (Excel's
"CSV" on Windows), but not a mix of the two.
"""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jenjang.people.problems import Problem

SNIFF_BYTES = 8192


class ImportFileError(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


@dataclass
class FileInfo:
    file_format: str  # xlsx | csv
    headers: list[str]
    total_rows: int
    encoding: str | None = None
    delimiter: str | None = None


@functools.lru_cache(maxsize=4096)
def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", text)


def normalise_header(text) -> str:
    """'NIP Baru' → 'nipbaru', 'TMT_Golongan' → 'tmtgolongan' (cached: cell values repeat)."""
    return _normalise(str(text or ""))


def sniff_format(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    if not head.strip():
        raise ImportFileError(Problem("file.empty"))
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile as exc:
            raise ImportFileError(Problem("file.unreadable")) from exc
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise ImportFileError(Problem("file.not_spreadsheet"))
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ImportFileError(Problem("file.legacy_xls"))
    if b"\x00" in head or head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise ImportFileError(Problem("file.not_spreadsheet"))
    return "csv"


def detect_encoding(path: Path) -> str:
    """utf-8-sig or cp1252; a file mixing UTF-8 lines with other bytes is refused."""
    utf8_lines = 0
    bad_lines: list[int] = []
    with path.open("rb") as f:
        for number, line in enumerate(f, start=1):
            if b"\x00" in line:
                raise ImportFileError(Problem("file.binary"))
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
                utf8_lines += 1
            except UnicodeDecodeError:
                bad_lines.append(number)
    if bad_lines and utf8_lines:
        shown = ", ".join(str(n) for n in bad_lines[:5]) + (" …" if len(bad_lines) > 5 else "")
        raise ImportFileError(Problem("file.mixed_encoding", lines=shown))
    return "cp1252" if bad_lines else "utf-8-sig"


def _delimiter(path: Path, encoding: str) -> str:
    with path.open("r", encoding=encoding, errors="replace", newline="") as f:
        sample = f.readline()
    counts = {d: sample.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value if value else None
    return value


def iter_rows(path: Path, file_format: str, encoding: str | None = None,
              delimiter: str | None = None) -> Iterator[tuple[int, list]]:
    """(row number as a spreadsheet shows it, cell values) for every non-empty row."""
    if file_format == "xlsx":
        yield from _iter_xlsx(path)
    else:
        encoding = encoding or detect_encoding(path)
        delimiter = delimiter or _delimiter(path, encoding)
        yield from _iter_csv(path, encoding, delimiter)


def _iter_xlsx(path: Path) -> Iterator[tuple[int, list]]:
    import openpyxl  # heavy to load; only an XLSX upload needs it, not every process's start

    handle = path.open("rb")  # a file object: openpyxl would refuse our stored name's extension
    try:
        wb = openpyxl.load_workbook(handle, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds of errors on a broken file
        handle.close()
        raise ImportFileError(Problem("file.unreadable")) from exc
    try:
        ws = wb.worksheets[0]
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            values = [_clean(v) for v in row]
            if any(v is not None for v in values):
                yield number, values
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(Problem("file.unreadable")) from exc
    finally:
        wb.close()
        handle.close()


def _iter_csv(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list]]:
    with path.open("r", encoding=encoding, errors="strict" if encoding != "cp1252" else "replace",
                   newline="") as f:
        reader = csv.reader(f, delimiter=delimiter)
        try:
            for row in reader:
                values = [_clean(v) for v in row]
                if any(v is not None for v in values):
                    yield reader.line_num, values
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ImportFileError(Problem("file.not_spreadsheet")) from exc


def inspect_file(path: Path, max_rows: int) -> FileInfo:
    """Format, header row and number of data rows; refuses what cannot be imported."""
    file_format = sniff_format(path)
    encoding = delimiter = None
    if file_format == "csv":
        encoding = detect_encoding(path)
        delimiter = _delimiter(path, encoding)
    headers: list[str] | None = None
    count = 0
    if file_format == "xlsx":
        return _inspect_xlsx(path, max_rows)
    for _number, values in iter_rows(path, file_format, encoding, delimiter):
        if headers is None:
            headers = [str(v) if v is not None else "" for v in values]
            while headers and not headers[-1]:
                headers.pop()
            continue
        count += 1
        if count > max_rows:
            raise ImportFileError(Problem("file.too_many_rows", max=f"{max_rows:,}".replace(",", ".")))
    if headers is None:
        raise ImportFileError(Problem("file.empty"))
    if not any(normalise_header(h) for h in headers):
        raise ImportFileError(Problem("file.no_header"))
    if count == 0:
        raise ImportFileError(Problem("file.empty"))
    return FileInfo(file_format, headers, count, encoding, delimiter)


def _inspect_xlsx(path: Path, max_rows: int) -> FileInfo:
    """Header and row count of a workbook without parsing every cell: the sheet's dimension
    gives the count (the data pass enforces the limit again in case the dimension lies)."""
    import openpyxl  # heavy to load; only an XLSX upload needs it, not every process's start

    with path.open("rb") as handle:
        try:
            wb = openpyxl.load_workbook(handle, read_only=True, data_only=False)
            ws = wb.worksheets[0]
            header_row = None
            for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
                values = [_clean(v) for v in row]
                if any(v is not None for v in values):
                    header_row = (number, values)
                    break
            last = ws.max_row
            wb.close()
        except Exception as exc:
            raise ImportFileError(Problem("file.unreadable")) from exc
    if header_row is None:
        raise ImportFileError(Problem("file.empty"))
    if last is None:  # no dimension recorded: count the rows the slow way
        count = sum(1 for _ in iter_rows(path, "xlsx")) - 1
    else:
        count = last - header_row[0]
    headers = [str(v) if v is not None else "" for v in header_row[1]]
    while headers and not headers[-1]:
        headers.pop()
    if not any(normalise_header(h) for h in headers):
        raise ImportFileError(Problem("file.no_header"))
    if count <= 0:
        raise ImportFileError(Problem("file.empty"))
    if count > max_rows:
        raise ImportFileError(Problem("file.too_many_rows", max=f"{max_rows:,}".replace(",", ".")))
    return FileInfo("xlsx", headers, count)


def data_rows(path: Path, info: FileInfo) -> Iterator[tuple[int, list]]:
    """The rows under the header."""
    rows = iter_rows(path, info.file_format, info.encoding, info.delimiter)
    next(rows, None)
    yield from rows
