"""Every shape speaks zh + en and cites a source that exists; the curated data breaks no
shape except the real gate breaches listed (with a finding) in validation_findings.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from service.domain.validation import validate
from service.domain.validation.context import Context, file_context
from service.domain.validation.rewrite import rewrite_exists
from service.domain.validation.shapes import default_shapes
from service.store.base import IRI

FINDINGS = Path(__file__).parent / "cases" / "validation_findings.json"
SH = "http://www.w3.org/ns/shacl#"


def test_every_shape_has_messages_source_and_severity() -> None:
    shapes = default_shapes()
    assert len(shapes) >= 40
    for s in shapes:
        assert s.message_zh and s.message_en, s.iri
        assert any("\u4e00" <= ch <= "\u9fff" for ch in s.message_zh), s.iri
        assert s.source, s.iri
        assert s.severity in (SH + "Violation", SH + "Warning"), s.iri
        assert s.sparql or s.core, s.iri


def test_shape_sources_exist(store: Any) -> None:
    for s in default_shapes():
        assert s.source is not None
        if "/eli/" in s.source:
            assert store.select("provision-detail", uri=IRI(s.source)), s.source
        else:
            assert store.ask_text("ASK { ?c a <https://w3id.org/creditbasis/ontology#InstrumentClause> }", {})
            rows = store.select_text(
                "SELECT ?t WHERE { ?c a ?t }", {"c": IRI(s.source)})
            assert any(r["t"].endswith("#InstrumentClause") for r in rows), s.source


def test_exists_rewrite_is_a_left_join() -> None:
    q = "SELECT ?this WHERE { ?this <p> ?d . FILTER NOT EXISTS { ?this <q> ?x FILTER(?x > ?d) } }"
    out = rewrite_exists(q)
    assert "NOT EXISTS" not in out
    assert "OPTIONAL { ?this <q> ?x__0 FILTER(?x__0 > ?d)" in out
    assert "FILTER(!BOUND(?__ok0))" in out


def test_curated_data_has_only_known_findings(store: Any) -> None:
    """Validate data/**/*.ttl as records (law graph as context): every result is a listed finding."""
    files = file_context()
    assert files.curated, "no curated data in data/"
    ctx = Context(curated=[], store=store)
    findings = json.loads(FINDINGS.read_text("utf-8"))
    allowed = {(f["shape"], f["focus"]) for f in findings["findings"]}
    result = validate(files.curated, ctx, date=findings["date"])
    got = {(r.shape, r.focus.value) for r in result.results}
    unexpected = sorted(got - allowed)
    assert not unexpected, f"data errors or new findings (add to docs/findings.md): {unexpected[:10]}"
    stale = sorted(allowed - got)
    if stale:
        pytest.fail(f"allow-list entries no longer found, remove them: {stale[:10]}")
