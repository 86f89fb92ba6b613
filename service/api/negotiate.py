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


def choose(header: str | None, offers: list[tuple[str, str]] = OFFERS, default: str = "html") -> str | None:
    """The format key for an Accept header (``default`` when absent); None when nothing offered fits."""
    if not header or not header.strip():
        return default
    ranges = parse_accept(header)
    scored = [(_q_for(media, ranges), -i, key) for i, (media, key) in enumerate(offers)]
    q, _, key = max(scored)
    return key if q > 0 else None


def language(header: str | None, offered: tuple[str, ...] = ("zh", "en")) -> str:
    """The first offered language in an Accept-Language header by q-value (default: the first offered)."""
    best = (offered[0], 0.0)
    for item in (header or "").split(","):
        tag, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        code = tag.strip().lower().split("-", 1)[0]
        if code in offered and q > best[1]:
            best = (code, q)
    return best[0]
