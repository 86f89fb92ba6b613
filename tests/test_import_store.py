"""Import on the real corpus: counts, skip report, idempotent IRIs, atomic switch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from service.corpus.importer import ImportFailed, build_store
from service.store.embedded import EmbeddedStore, current_build
from tests.conftest import CORPUS, needs_corpus


@needs_corpus
def test_report(store_dir: Path) -> None:
    build = current_build(store_dir)
    assert build is not None
    report = json.loads((build / "report.json").read_text("utf-8"))
    assert report["national_articles"] >= 60_000
    assert report["local_articles"] > 50_000
    assert report["files"] > 3_400
    for skipped in report["skipped"]:
        assert skipped["reason"], skipped  # every skip is explained
    assert len(report["skipped"]) < 20


@needs_corpus
def test_same_iris_on_reimport(tmp_path: Path, store: Any) -> None:
    """Importing one law folder again mints exactly the IRIs of the full import."""
    sub = tmp_path / "corpus"
    (sub / "行政法").mkdir(parents=True)
    for f in (CORPUS / "行政法").glob("公务员法*.md"):
        shutil.copy(f, sub / "行政法" / f.name)
    shutil.copy(CORPUS / "db.sqlite3", sub / "db.sqlite3")
    build_store(sub, tmp_path / "store")
    small = EmbeddedStore(tmp_path / "store")
    q = ("SELECT ?a WHERE { ?a a <https://w3id.org/creditbasis/ontology#Article> ; "
         "<https://w3id.org/creditbasis/ontology#inVersion> ?v . "
         "?v <http://data.europa.eu/eli/ontology#is_member_of> "
         "<https://w3id.org/creditbasis/eli/cn/law/公务员法> }")
    mine = {r["a"] for r in small.select_text(q, {})}
    full = {r["a"] for r in store.select_text(q, {})}
    assert mine and mine == full


def test_failed_import_keeps_previous_store(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    build_store(None, store_dir)
    before = current_build(store_dir)
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix : <http://x/> . :a :b ", encoding="utf-8")
    with pytest.raises(ImportFailed):
        build_store(None, store_dir, extra_files=[(bad, "http://x/g")])
    assert current_build(store_dir) == before
    assert len(list((store_dir / "builds").iterdir())) == 1  # the half-written build is gone
    st = EmbeddedStore(store_dir)
    assert st.triple_count() > 0


def test_missing_corpus_folder_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed):
        build_store(tmp_path / "nope", tmp_path / "store")
