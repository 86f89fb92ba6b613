"""Consistency checks of the credit layer and the corpus (one module per check)."""

from __future__ import annotations

import time
from typing import Any

from service.analytics.consistency import (
    list_domains,
    local_overreach,
    multi_department,
    publication_periods,
    superseded_basis,
    weak_basis,
)
from service.analytics.consistency.base import Check, Inputs
from service.analytics.corpus_view import corpus_view
from service.analytics.facts import credit_facts
from service.analytics.finder import findings
from service.domain.about import data_version
from service.domain.errors import InvalidValue, NotFound
from service.store.base import Store

CHECKS: dict[str, Check] = {c.id: c for c in (
    multi_department.CHECK, weak_basis.CHECK, list_domains.CHECK, publication_periods.CHECK,
    superseded_basis.CHECK, local_overreach.CHECK)}


def list_checks() -> list[dict[str, Any]]:
    """`GET /api/consistency`."""
    return [c.listing() for c in CHECKS.values()]


def inputs(store: Store, check: Check) -> Inputs:
    inp = Inputs(credit_facts(store))
    if check.needs_corpus:
        inp.view = corpus_view(store)
        inp.found = findings(store) if check.id == "local-overreach" else None
    return inp


def run_check(store: Store, *, check_id: str, limit: int = 100, offset: int = 0,
              severity: str | None = None) -> dict[str, Any]:
    """`GET /api/consistency/{id}`: the check's findings (paged)."""
    check = CHECKS.get(check_id)
    if check is None:
        raise NotFound(f"没有名为“{check_id}”的一致性检查。", f"No consistency check '{check_id}'.",
                       extra={"checks": sorted(CHECKS)})
    if not 1 <= limit <= 1000 or offset < 0:
        raise InvalidValue("limit 应在 1 到 1000 之间，offset 不小于 0。", "limit must be 1..1000 and offset ≥ 0.")
    t0 = time.perf_counter()
    found = check.run(inputs(store, check))
    if severity:
        found = [f for f in found if f.get("severity", check.severity) == severity]
    by_severity: dict[str, int] = {}
    for f in found:
        s = f.get("severity", check.severity)
        by_severity[s] = by_severity.get(s, 0) + 1
    return {**check.listing(), "total": len(found), "by_severity": by_severity,
            "limit": limit, "offset": offset, "items": found[offset:offset + limit],
            "seconds": round(time.perf_counter() - t0, 3), "data_version": data_version(store)}
