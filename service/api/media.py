"""Content negotiation for ``/sparql``: ``Accept`` (with q-values) and a ``format`` parameter.

A query's result kind is known only once it is parsed, so negotiation picks two
answers up front: the best SELECT/ASK results format and the best RDF graph format
(CONSTRUCT/DESCRIBE, service description). ``None`` means the client accepts none.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from service.store.result_formats import MEDIA_TYPES as BODY_MEDIA_TYPES

#: format key -> media type sent
MEDIA_TYPES: dict[str, str] = {**BODY_MEDIA_TYPES, "html": "text/html"}
RESULT_KEYS = ("json", "xml", "csv", "tsv")
GRAPH_KEYS = ("turtle", "ntriples", "jsonld", "rdfxml")

#: accepted media types (also aliases) -> format key
_BY_MEDIA: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/javascript": "json",
    "application/javascript": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",
    "text/rdf+n3": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/x-json+ld": "jsonld",
    "application/rdf+xml": "rdfxml",
    "text/html": "html",
    "application/xhtml+xml": "html",
}
#: the JSON/XML keys stand for the matching RDF syntax when the result is a graph
_GRAPH_ALIAS = {"json": "jsonld", "xml": "rdfxml"}

#: values of the ``format`` (or ``output``) parameter -> format key
FORMAT_NAMES: dict[str, str] = {
    "json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
    "turtle": "turtle", "ttl": "turtle", "n3": "turtle",
    "ntriples": "ntriples", "n-triples": "ntriples", "nt": "ntriples",
    "jsonld": "jsonld", "json-ld": "jsonld",
    "rdfxml": "rdfxml", "rdf/xml": "rdfxml", "rdf+xml": "rdfxml", "rdf": "rdfxml",
    "html": "html",
}


@dataclass(frozen=True)
class Choice:
    results: str | None
    graph: str | None
    html: bool = False  # a browser-like client preferring HTML


class UnknownFormat(ValueError):
    pass


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``[(media range, q)]`` in order of preference (q desc, then more specific, then order)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float, int, int]] = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media + "/*"
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((media, q, specificity, i))
    ranges.sort(key=lambda r: (-r[1], -r[2], r[3]))
    return [(m, q) for m, q, _, _ in ranges]


def _q_for(media: str, ranges: list[tuple[str, float]]) -> float:
    """q-value the client gives ``media``: the most specific matching range decides."""
    major = media.split("/", 1)[0]
    best: tuple[int, float] | None = None
    for rng, q in ranges:
        spec = 2 if rng == media else 1 if rng == f"{major}/*" else 0 if rng == "*/*" else -1
        if spec >= 0 and (best is None or spec > best[0]):
            best = (spec, q)
    return best[1] if best else 0.0


def _best(keys: tuple[str, ...], ranges: list[tuple[str, float]]) -> str | None:
    """The accepted key with the highest q (ties: explicit mention first, then our order)."""
    scored: list[tuple[float, int, int, str]] = []
    for order, key in enumerate(keys):
        medias = [m for m, k in _BY_MEDIA.items() if k == key]
        # wildcards match the canonical media type; aliases only when named exactly
        q = max([_q_for(MEDIA_TYPES[key], ranges)] + [q for r, q in ranges if r in medias])
        explicit = min((i for i, (r, _) in enumerate(ranges) if r in medias), default=len(ranges))
        if q > 0:
            scored.append((-q, explicit, order, key))
    return min(scored)[3] if scored else None


@lru_cache(maxsize=512)
def negotiate(accept: str | None, fmt: str | None) -> Choice:
    """Formats for a result and for a graph; a ``format`` parameter overrides ``Accept``."""
    if fmt:
        name = fmt.strip().lower()
        key = FORMAT_NAMES.get(name) or _BY_MEDIA.get(name.split(";")[0].strip())
        if key is None:
            raise UnknownFormat(fmt)
        if key == "html":
            return Choice("json", "turtle", html=True)
        if key in RESULT_KEYS:
            return Choice(key, _GRAPH_ALIAS.get(key))
        return Choice(None, key)
    ranges = parse_accept(accept)
    results = _best(RESULT_KEYS, ranges)
    graph = _best(GRAPH_KEYS, ranges)
    html_q = max(_q_for("text/html", ranges), _q_for("application/xhtml+xml", ranges))
    explicit_html = any(r in ("text/html", "application/xhtml+xml") for r, _ in ranges)
    best_other = max(
        [_q_for(m, ranges) for m, k in _BY_MEDIA.items() if k != "html"] or [0.0])
    html = explicit_html and html_q >= best_other and html_q > 0
    if graph is None and results is not None:
        graph = _GRAPH_ALIAS.get(results)
    return Choice(results, graph, html)
