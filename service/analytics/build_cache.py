"""JSON results cached in a build folder (``<build>/analytics/``), valid for one code version."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import ModuleType
from typing import Any


def code_version(*modules: ModuleType) -> str:
    """A cache version for results computed by ``modules``: any edit to their source changes it."""
    return hashlib.sha1(b"".join(Path(m.__file__).read_bytes() for m in modules if m.__file__)).hexdigest()[:16]


def load(path: Path, version: str) -> dict[str, Any] | None:
    """The cached payload when present and written by the same ``version``, else None."""
    if not path.exists():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    return raw if isinstance(raw, dict) and raw.get("version") == version else None


def save(path: Path, version: str, payload: dict[str, Any]) -> None:
    """Write atomically; a read-only build folder keeps the result in memory only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps({"version": version, **payload}, ensure_ascii=False),
                       encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
