"""Build the full-text index: SQLite FTS5 over character bigrams (and unigrams).

Chinese has no spaces; instead of a word segmenter we index every overlapping
character bigram (plus single characters, so one-character queries work), the
standard n-gram approach of CJK search engines. Queries are turned into the same
bigrams and matched as a phrase-free AND, ranked by BM25.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from service.corpus.emit import ProvisionRecord

_CJK_OR_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")


def grams(text: str) -> list[str]:
    """Bigrams of CJK runs (single char for a 1-char run); ASCII words whole, lower-cased."""
    out: list[str] = []
    for run in _CJK_OR_WORD.findall(text):
        if run[0].isascii():
            out.append(run.lower())
        elif len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


SCHEMA = """
CREATE VIRTUAL TABLE doc USING fts5(grams, tokenize = "unicode61 remove_diacritics 0");
CREATE TABLE meta(
  rowid INTEGER PRIMARY KEY, uri TEXT, kind TEXT, label TEXT, law TEXT, short_title TEXT,
  type TEXT, level TEXT, region TEXT, version_uri TEXT, version_date TEXT, number TEXT,
  text TEXT, in_force_from TEXT, in_force_until TEXT);
"""


def build_index(records: Iterable[ProvisionRecord], path: Path) -> int:
    if path.exists():
        path.unlink()
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)
    n = 0
    rows_meta = []
    rows_doc = []
    for n, r in enumerate(records, 1):
        rows_meta.append((n, r.uri, r.kind, f"{r.law_title}{r.number}", r.law_title,
                          r.short_title, r.type_code, r.level, r.region, r.version_uri,
                          r.version_date, r.number, r.text, r.in_force_from, r.in_force_until))
        rows_doc.append((n, " ".join(grams(r.law_title + " " + r.text))))
    con.executemany("INSERT INTO meta VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows_meta)
    con.executemany("INSERT INTO doc(rowid, grams) VALUES (?,?)", rows_doc)
    con.execute("CREATE INDEX meta_law ON meta(short_title)")
    con.commit()
    con.execute("INSERT INTO doc(doc) VALUES ('optimize')")
    con.commit()
    con.close()
    return n
