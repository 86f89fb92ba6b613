"""Fast N-Triples writing for bulk import (escaping per RDF 1.1 N-Triples)."""

from __future__ import annotations

from collections.abc import Iterator

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
    """Collects the triples of one named graph as N-Triples lines (loaded into ``graph``)."""

    def __init__(self, graph: str) -> None:
        self.graph = graph
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> {o} .\n")

    def __len__(self) -> int:
        return len(self.lines)

    def text(self) -> str:
        return "".join(self.lines)

    def chunks(self, size: int = 250_000) -> Iterator[str]:
        for i in range(0, len(self.lines), size):
            yield "".join(self.lines[i : i + size])
