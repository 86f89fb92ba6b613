"""Is a user-given string an absolute IRI? (Checked before it is bound into a query.)"""

from __future__ import annotations

import pyoxigraph as ox


def is_iri(text: str) -> bool:
    """True if ``text`` is an absolute IRI (RFC 3987) that a store can hold."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True
