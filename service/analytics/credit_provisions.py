"""`GET /api/credit-provisions`: the finder's classified provisions, filtered and paged."""

from __future__ import annotations

from typing import Any

from service.analytics.corpus_view import corpus_view
from service.analytics.finder import CLASSES, findings
from service.domain.about import data_version
from service.domain.errors import InvalidValue
from service.domain.laws import resolve_law
from service.domain.provisions import provision_shape
from service.store.base import Store

LEVELS = ("national", "local")


def credit_provisions(store: Store, *, cls: str | None = None, level: str | None = None,
                      region: str | None = None, law: str | None = None,
                      limit: int = 20, offset: int = 0) -> dict[str, Any]:
    if cls is not None and cls not in CLASSES:
        raise InvalidValue(f"类别“{cls}”无效，可选：{'、'.join(CLASSES)}。",
                           f"Unknown class '{cls}'; one of {', '.join(CLASSES)}.")
    if level is not None and level not in LEVELS:
        raise InvalidValue(f"层级“{level}”无效，可选 national、local。", f"Unknown level '{level}'; national or local.")
    if not 1 <= limit <= 100 or offset < 0:
        raise InvalidValue("limit 应在 1 到 100 之间，offset 不小于 0。", "limit must be 1..100 and offset ≥ 0.")
    work_uri = resolve_law(store, title=law, region=region).work if law else None
    view = corpus_view(store)
    rows = []
    for uri, f in findings(store).items():
        if cls is not None and cls not in f.classes:
            continue
        w = view.work_of(uri)
        if w is None:
            continue
        if (level and w.level != level) or (region and w.region != region) or (
                work_uri and w.uri != work_uri):
            continue
        art = view.article_of(uri)
        v = view.version_of(uri)
        rows.append((w.title, v.made_on if v else "", art.ordinal if art else 0,
                     art.suffix if art else 0, uri, f))
    rows.sort(key=lambda r: (r[0], r[1] or "", r[2], r[3]))
    items = []
    for *_k, uri, f in rows[offset:offset + limit]:
        shape = provision_shape(store, iri=uri)
        shape["classes"] = f.classes
        shape["evidence"] = f.evidence
        items.append(shape)
    return {"total": len(rows), "limit": limit, "offset": offset,
            "filters": {"class": cls, "level": level, "region": region, "law": law},
            "items": items, "data_version": data_version(store)}
