"""In-force intervals of law versions, from the best evidence available.

Evidence order for the entry into force of one version (first that applies wins):

1. ``stated``   — the version's own 施行 clause, when it is not stale (an amended
   text often keeps the original clause: a date before the version date is ignored;
   "自公布之日起施行" counts only for an original text);
2. ``curated``  — an override in ``data/in_force_overrides.csv`` with its source;
3. ``metadata`` — the corpus metadata ``valid_from`` when not before the version date;
4. ``derived``  — the version (promulgation) date itself.

The end of force of a version is the entry into force of the next version
(``derived``), a curated end date, or unknown when the metadata only says ``expired``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

STATUS_IN_FORCE = "in-force"
STATUS_AMENDED = "amended"
STATUS_REPEALED = "repealed"
STATUS_NOT_YET = "not-yet-in-force"


@dataclass
class Override:
    in_force_from: str | None
    in_force_until: str | None
    source: str


@dataclass
class VersionDates:
    version_date: str | None
    version_date_source: str
    stated_from: str | None
    on_publication: bool
    is_original: bool
    meta_valid_from: str | None
    meta_expired: bool
    override: Override | None = None
    # results
    in_force_from: str | None = None
    in_force_from_source: str = "derived"
    in_force_until: str | None = None
    in_force_until_source: str | None = None
    status: str = STATUS_IN_FORCE
    notes: list[str] = field(default_factory=list)


def load_overrides(path: Path) -> dict[tuple[str, str], Override]:
    """Curated in-force dates keyed by (short title, version date)."""
    out: dict[tuple[str, str], Override] = {}
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            out[(row["title"], row["version_date"])] = Override(
                row.get("in_force_from") or None, row.get("in_force_until") or None,
                row["source"],
            )
    return out


def entry_into_force(v: VersionDates) -> None:
    vd = v.version_date
    if v.stated_from and (vd is None or v.stated_from >= vd):
        v.in_force_from, v.in_force_from_source = v.stated_from, "stated"
        return
    if v.stated_from:
        v.notes.append(f"施行 clause {v.stated_from} predates version {vd}: kept from the original text")
    if v.on_publication and v.is_original and vd:
        v.in_force_from, v.in_force_from_source = vd, "stated"
        return
    if v.override and v.override.in_force_from:
        v.in_force_from, v.in_force_from_source = v.override.in_force_from, "curated"
        return
    if v.meta_valid_from and (vd is None or v.meta_valid_from >= vd):
        v.in_force_from, v.in_force_from_source = v.meta_valid_from, "metadata"
        return
    v.in_force_from, v.in_force_from_source = vd, "derived"


def resolve_chain(chain: list[VersionDates], snapshot: str) -> None:
    """Fill in force from/until and status (as of the corpus snapshot) for one law's versions,
    ordered oldest first."""
    for v in chain:
        entry_into_force(v)
    for i, v in enumerate(chain):
        nxt = chain[i + 1] if i + 1 < len(chain) else None
        if v.override and v.override.in_force_until:
            v.in_force_until, v.in_force_until_source = v.override.in_force_until, "curated"
        elif nxt is not None and nxt.in_force_from:
            v.in_force_until, v.in_force_until_source = nxt.in_force_from, "derived"
        if v.in_force_from and v.in_force_from > snapshot:
            v.status = STATUS_NOT_YET
        elif v.in_force_until and v.in_force_until <= snapshot:
            v.status = STATUS_AMENDED if nxt is not None else STATUS_REPEALED
        elif nxt is None and v.meta_expired:
            v.status = STATUS_REPEALED
            v.in_force_until_source = "metadata"
            v.notes.append("metadata marks this version expired; the end date is not known")
        elif nxt is not None and nxt.in_force_from is None:
            v.status = STATUS_AMENDED
        else:
            v.status = STATUS_IN_FORCE
