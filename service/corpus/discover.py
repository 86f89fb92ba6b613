"""Find the corpus files and join them with the SQLite metadata."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from service.iri import INSTRUMENT_TYPES

FILE_DATE_RE = re.compile(r"^(.*)\((\d{4}-\d{2}-\d{2})\)$")

#: Folder of a national file → instrument type (the category folders are all 法律
#: except those named here; 宪法 is the Constitution and its amendments).
FOLDER_TYPES = {"宪法": "宪法", "行政法规": "行政法规", "司法解释": "司法解释", "部门规章": "部门规章"}


@dataclass
class Metadata:
    level: str
    name: str
    publish: str | None
    valid_from: str | None
    expired: bool
    order: int | None


@dataclass
class CorpusFile:
    path: Path
    rel: str
    title: str  # short title from the file name
    file_date: str | None
    type_zh: str
    level: str  # national | local
    region: str | None
    category: str
    meta: Metadata | None


def _read_db(db: Path) -> dict[tuple[str, str | None], list[Metadata]]:
    out: dict[tuple[str, str | None], list[Metadata]] = {}
    if not db.exists():
        return out
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            'SELECT level, name, publish, valid_from, expired, "order" FROM law'
        ).fetchall()
    finally:
        con.close()
    for level, name, publish, valid_from, expired, order in rows:
        md = Metadata(level, name, publish or None, valid_from or None, bool(expired), order)
        out.setdefault((name, publish or None), []).append(md)
    return out


def _lookup(
    db: dict[tuple[str, str | None], list[Metadata]], title: str, date: str | None
) -> Metadata | None:
    hits = db.get((title, date))
    if hits:
        return hits[0]
    if date is None:
        cands = [m for (name, _), ms in db.items() if name == title for m in ms]
        if len(cands) == 1:
            return cands[0]
    return None


def discover(root: Path) -> list[CorpusFile]:
    """All law files under ``root`` (national folders and ``DLC/``), sorted by path."""
    national = _read_db(root / "db.sqlite3")
    local_dbs: dict[Path, dict[tuple[str, str | None], list[Metadata]]] = {}
    files: list[CorpusFile] = []
    for path in sorted(root.rglob("*.md")):
        if path.name in ("_index.md", "README.md"):
            continue
        rel = path.relative_to(root).as_posix()
        parts = rel.split("/")
        stem = path.stem
        m = FILE_DATE_RE.match(stem)
        title, date = (m.group(1), m.group(2)) if m else (stem, None)
        title = title.strip()
        if parts[0] == "DLC":
            region_dir = root / parts[0] / parts[1]
            if region_dir not in local_dbs:
                local_dbs[region_dir] = _read_db(region_dir / "db.sqlite3")
            meta = _lookup(local_dbs[region_dir], title, date)
            region = parts[-2] if len(parts) >= 4 else parts[1].removesuffix("地方法规")
            type_zh = meta.level if meta and meta.level in INSTRUMENT_TYPES else "地方性法规"
            files.append(CorpusFile(path, rel, title, date, type_zh, "local", region,
                                    parts[1], meta))
            continue
        category = parts[0]
        if category == "民法典":
            meta = _lookup(national, f"民法典 {title}", None)
            files.append(CorpusFile(path, rel, "民法典", None, "法律", "national", None,
                                    category, meta))
            continue
        meta = _lookup(national, title, date)
        type_zh = FOLDER_TYPES.get(category, "法律")
        if meta and meta.level in INSTRUMENT_TYPES and category not in FOLDER_TYPES:
            type_zh = meta.level
        files.append(CorpusFile(path, rel, title, date, type_zh, "national", None,
                                category, meta))
    return files
