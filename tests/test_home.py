"""The landing page renders offline and links to the main entry points."""

from __future__ import annotations

import re
from typing import Any


def test_home_page(client: Any) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    for link in ("/sparql", "/search", "/api/consistency", "/docs", "/ontology"):
        assert f'href="{link}' in html
    assert "部法律文件" in html  # coverage from /api/about
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', html)
