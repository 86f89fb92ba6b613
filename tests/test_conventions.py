"""House rules that a test can hold: layering, settings documented, no external assets."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from service.config import PROJECT_ROOT, Settings

FORBIDDEN_IN_DOMAIN = ("fastapi", "starlette", "uvicorn", "service.api")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_never_imports_http_layer() -> None:
    files = [f for layer in ("domain", "analytics", "search", "corpus")
             for f in (PROJECT_ROOT / "service" / layer).rglob("*.py")]
    assert files
    for f in files:
        bad = [n for n in _imports(f) if n.startswith(FORBIDDEN_IN_DOMAIN)]
        assert not bad, f"{f.relative_to(PROJECT_ROOT)} imports {bad}"


def test_store_never_imports_domain_or_api() -> None:
    for f in (PROJECT_ROOT / "service" / "store").rglob("*.py"):
        bad = [n for n in _imports(f) if n.startswith(("service.domain", "service.api", "fastapi"))]
        assert not bad, f"{f.relative_to(PROJECT_ROOT)} imports {bad}"


def test_readme_documents_every_setting_with_its_default() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| `?([^|`]*?)`? \|", readme, re.M))
    defaults = Settings.model_construct()
    for name in Settings.model_fields:
        key = name.upper()
        if key in ("HOST", "PORT"):
            assert "`HOST` / `PORT`" in readme
            continue
        assert key in rows, f"README lacks setting {key}"
        value = getattr(defaults, name)
        documented = rows[key]
        if value is None:
            assert documented == "unset"
        elif isinstance(value, Path):
            assert str(value).endswith(documented.removeprefix("../")), (key, value, documented)
        else:
            assert documented == str(value), (key, value, documented)


def test_quick_start_has_exactly_two_commands() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    ci = (PROJECT_ROOT / ".ci" / "run").read_text("utf-8")
    test_cmd = commands[1].split("#")[0].strip()
    assert test_cmd in ci
