"""Fast N-Quads writing for bulk import (escaping per RDF 1.1 N-Quads)."""

from __future__ import annotations

XSD = "http://www.w3.org/2001/XMLSchema#"
_ESC = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    return f"<{value}>"


def lit(value: str, lang: str | None = None) -> str:
    body = '"' + value.translate(_ESC) + '"'
    return f"{body}@{lang}" if lang else body


def typed(value: str | int, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class QuadWriter:
    """Collects quads of one named graph as N-Quads lines."""

    def __init__(self, graph: str) -> None:
        self.graph = f"<{graph}>"
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> {o} {self.graph} .\n")

    def __len__(self) -> int:
        return len(self.lines)

    def text(self) -> str:
        return "".join(self.lines)
