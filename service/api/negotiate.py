"""Content negotiation for linked-data pages (Accept parsing is shared with /sparql: media.py)."""

from __future__ import annotations

from service.api.media import _q_for, parse_accept

#: Media types the linked-data pages offer, in server preference order, with format keys.
OFFERS: list[tuple[str, str]] = [
    ("text/html", "html"),
    ("text/turtle", "ttl"),
    ("application/x-turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/json", "jsonld"),
    ("application/n-triples", "nt"),
    ("text/plain", "nt"),
]


def choose(header: str | None) -> str | None:
    """The format key for an Accept header (default html); None when nothing offered fits."""
    if not header or not header.strip():
        return "html"
    ranges = parse_accept(header)
    scored = [(_q_for(media, ranges), -i, key) for i, (media, key) in enumerate(OFFERS)]
    q, _, key = max(scored)
    return key if q > 0 else None
