"""A real browser on the real service: headless Debian chromium opens a provision page.

Starts uvicorn on a free port over the test store, then runs chromium ``--dump-dom`` (the
DOM after rendering) and ``--screenshot`` (kept in ``var/browser/`` for a human look).
Skips when chromium is not installed (CI installs it in ``.ci/run``).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from service.config import PROJECT_ROOT
from service.domain.laws import versions
from service.iri import BASE
from service.store.base import IRI
from tests.live_server import live_server

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install -y chromium)")
SHOTS = PROJECT_ROOT / "var" / "browser"


@pytest.fixture(scope="module")
def server(store_dir: Path) -> Iterator[str]:
    with live_server(store_dir) as srv:
        yield srv.url


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--no-first-run", f"--user-data-dir={tmp / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


@pytest.fixture(scope="module")
def provision(store: Any) -> dict[str, Any]:
    """A paragraph with items, in a law with several versions."""
    rows = store.select_text("""
        PREFIX eli: <http://data.europa.eu/eli/ontology#>
        PREFIX cb: <https://w3id.org/creditbasis/ontology#>
        SELECT ?para ?work WHERE {
          ?v1 cb:nextVersion ?v2 ; eli:is_member_of ?work .
          ?item a cb:Item ; cb:inVersion ?v2 ; eli:is_part_of ?para .
        } ORDER BY ?para LIMIT 1""", {})
    assert rows
    row = rows[0]
    detail = store.select("provision-detail", uri=IRI(row["para"]))[0]
    items = [store.select("provision-detail", uri=IRI(c["child"]))[0]["text"]
             for c in store.select("provision-children", uri=IRI(row["para"]))]
    lines = detail["text"].split("\n")
    return {"uri": row["para"], "work": row["work"], "intro": lines[: len(lines) - len(items)],
            "items": items, "versions": versions(store, work=row["work"])}


def test_browser_shows_provision_text_and_history(server: str, provision: dict[str, Any],
                                                  tmp_path: Path) -> None:
    url = server + quote("/" + provision["uri"][len(BASE):], safe="/()")
    run = _chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", url)
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    assert "<h1>" in dom
    assert provision["intro"] and provision["items"]
    for line in provision["intro"] + provision["items"]:
        assert line[:20] in dom, line
    assert "版本沿革 Version history" in dom
    assert dom.count("<tr") >= len(provision["versions"])  # one history row per version
    for v in provision["versions"]:
        if v.version_date:
            assert v.version_date in dom
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / "provision.png"
    run = _chromium(tmp_path, "--hide-scrollbars", "--window-size=1200,1500",
                    f"--screenshot={shot}", url)
    assert run.returncode == 0, run.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 10_000
