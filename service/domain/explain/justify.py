"""Inferred facts used in explanations, each with its justification (rule + premises)."""

from __future__ import annotations

import itertools
from typing import Any

from service.domain.cache import per_store
from service.domain.inference import Reasoner, ontology_reasoner
from service.domain.inference.engine import INVERSE, RDF_TYPE, SUBPROP, SYMMETRIC, TRANSITIVE
from service.iri import type_iri
from service.store.base import IRI, Store
from service.vocab import CB, ELI

HIGHER = CB + "higherEffectThan"
PART_OF_T = CB + "partOfTransitive"


def _fact(r: Reasoner, t: tuple[str, str, str]) -> dict[str, Any]:
    return {"triple": list(t), "justification": r.justify(t)}


def higher_types(store: Store, type_code: str, accepted: tuple[str, ...]) -> list[dict[str, Any]]:
    """``A cb:higherEffectThan T`` for each accepted type A above ``type_code``, justified."""
    r = ontology_reasoner(store)
    t_iri = type_iri(type_code)
    out = []
    for a in accepted:
        t = (type_iri(a), HIGHER, t_iri)
        if t in r:
            out.append(_fact(r, t))
    return out


@per_store
def _property_axioms(store: Store) -> list[tuple[str, str, str]]:
    r = ontology_reasoner(store)
    out = []
    for t in r.triples():
        s, p, o = t
        if not isinstance(o, str):
            continue
        if p in (SUBPROP, INVERSE) or (p == RDF_TYPE and o in (TRANSITIVE, SYMMETRIC)):
            out.append((s, p, o))
    return out


def part_of(store: Store, provision: str, version: str) -> dict[str, Any] | None:
    """``provision cb:partOfTransitive version`` derived from the eli:is_part_of chain."""
    edges: list[tuple[str, str, str]] = []
    for row in store.select("explain-part-of-chain", s=IRI(provision)):
        chain = [provision] + [row[k] for k in ("a1", "a2", "a3", "a4", "a5", "a6") if k in row]
        edges += [(a, ELI + "is_part_of", b) for a, b in itertools.pairwise(chain)]
    if not edges:
        return None
    r = Reasoner([*_property_axioms(store), *edges])
    t = (provision, PART_OF_T, version)
    return _fact(r, t) if t in r else None
