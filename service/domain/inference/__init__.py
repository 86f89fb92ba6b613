"""OWL RL closure of ontology + curated data with a justification for every inferred fact."""

from service.domain.inference.engine import ASSERTED, Literal, Reasoner, Triple
from service.domain.inference.load import (
    graph_triples,
    ontology_reasoner,
    rdflib_triples,
    turtle_triples,
)

__all__ = ["ASSERTED", "Literal", "Reasoner", "Triple", "graph_triples", "ontology_reasoner",
           "rdflib_triples", "turtle_triples"]
