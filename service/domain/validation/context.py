"""The context records are validated against: curated data plus the slice of the law graph.

The law graph is never copied per validation: a context holds the curated graph and,
for each provision cited (by the curated data or by the records), the few triples the
shapes read — its version, the version's instrument type and its in-force dates.
Provision slices are looked up once per store build and kept.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from service.config import PROJECT_ROOT
from service.domain.cache import per_store
from service.store.base import IRI, Store
from service.vocab import CB

#: predicates whose objects are provisions the shapes resolve in the law graph
CITING = (CB + "legalBasis", CB + "identificationStandard")
CITING_NODES = tuple(ox.NamedNode(p) for p in CITING)
LAW_PREFIX = "https://w3id.org/creditbasis/eli/"


@dataclass
class Context:
    """Curated triples and a cache of law-graph slices per provision IRI."""

    curated: list[ox.Triple]
    store: Store | None
    slices: dict[str, list[ox.Triple]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    run_lock: threading.Lock = field(default_factory=threading.Lock)
    _base: bytes | None = None
    _shared: ox.Store | None = None
    _shared_slices: set[str] = field(default_factory=set)

    @property
    def has_law_graph(self) -> bool:
        return self.store is not None

    def slice_for(self, iris: Iterable[str]) -> list[ox.Triple]:
        """The law-graph triples about the given provision IRIs (cached)."""
        out: list[ox.Triple] = []
        for iri in sorted(set(iris)):
            if not iri.startswith(LAW_PREFIX):
                continue
            hit = self.slices.get(iri)
            if hit is None:
                hit = []
                if self.store is not None:
                    nt = self.store.construct("validation-provision-slice", uri=IRI(iri))
                    if nt:
                        hit = [q.triple for q in ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
                with self.lock:
                    self.slices[iri] = hit
            out.extend(hit)
        return out

    def curated_slice(self) -> list[ox.Triple]:
        return self.slice_for(cited(self.curated))

    def base_nquads(self) -> bytes:
        """Curated triples and their law slices as N-Triples, serialised once (bulk-loaded per run)."""
        if self._base is None:
            data = ox.serialize([*self.curated, *self.curated_slice()], format=ox.RdfFormat.N_TRIPLES)
            assert isinstance(data, bytes)
            self._base = data
        return self._base


    def shared_store(self, extra_cited: set[str]) -> ox.Store:
        """A long-lived in-memory store holding the context (call with ``run_lock`` held).

        Small validations put their records in a named graph of this store and remove
        it afterwards, instead of loading the context into a fresh store each time. Law
        slices of newly cited provisions are added to the context and kept.
        """
        if self._shared is None:
            st = ox.Store()
            st.load(self.base_nquads(), format=ox.RdfFormat.N_TRIPLES)
            self._shared = st
        new = extra_cited - self._shared_slices
        if new:
            self._shared.extend([ox.Quad(t.subject, t.predicate, t.object) for t in self.slice_for(new)])
            self._shared_slices |= new
        return self._shared


def cited(triples: Iterable[ox.Triple | ox.Quad]) -> set[str]:
    """Provision IRIs cited by ``triples`` (cb:legalBasis, cb:identificationStandard)."""
    out: set[str] = set()
    for t in triples:
        if t.predicate in CITING_NODES and isinstance(t.object, ox.NamedNode):
            out.add(t.object.value)
    return out


def _parse_ttl_files(paths: Iterable[Path]) -> list[ox.Triple]:
    triples: list[ox.Triple] = []
    for path in paths:
        for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            triples.append(q.triple)
    return triples


@per_store
def store_context(store: Store) -> Context:
    """The context for a store: its curated graph, law slices from the store itself."""
    nt = store.construct("validation-curated-graph")
    curated = [q.triple for q in ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)] if nt else []
    ctx = Context(curated=curated, store=store)
    ctx.curated_slice()
    return ctx


def file_context(root: Path = PROJECT_ROOT, store: Store | None = None) -> Context:
    """A context from the curated files in ``data/`` (used without a built store)."""
    files = sorted((root / "data").glob("**/*.ttl"))
    return Context(curated=_parse_ttl_files(files), store=store)


def shapes_triples(root: Path = PROJECT_ROOT) -> list[ox.Triple]:
    return _parse_ttl_files(sorted((root / "shapes").glob("*.ttl")))

