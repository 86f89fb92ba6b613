"""Content negotiation: pick a representation from an ``Accept`` header with q-values."""

from __future__ import annotations

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


def parse_accept(header: str) -> list[tuple[str, float]]:
    """``[(media range, q)]`` from an Accept header; malformed q counts as 0."""
    out: list[tuple[str, float]] = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        out.append((media, max(0.0, min(q, 1.0))))
    return out


def _q_for(media: str, ranges: list[tuple[str, float]]) -> float:
    """q of the most specific matching range (exact > type/* > */*)."""
    best: tuple[int, float] | None = None
    major = media.split("/", 1)[0]
    for rng, q in ranges:
        if rng == media:
            spec = 3
        elif rng == f"{major}/*":
            spec = 2
        elif rng == "*/*":
            spec = 1
        else:
            continue
        if best is None or spec > best[0]:
            best = (spec, q)
    return best[1] if best else 0.0


def choose(header: str | None) -> str | None:
    """The format key for an Accept header (default html); None when nothing offered fits."""
    if not header or not header.strip():
        return "html"
    ranges = parse_accept(header)
    scored = [(_q_for(media, ranges), -i, key) for i, (media, key) in enumerate(OFFERS)]
    q, _, key = max(scored)
    return key if q > 0 else None
