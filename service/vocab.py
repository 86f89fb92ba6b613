"""Namespaces and the ontology terms used in code (one place, no string literals elsewhere)."""

from __future__ import annotations

from service.iri import BASE, ONTOLOGY

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
ELI = "http://data.europa.eu/eli/ontology#"
SH = "http://www.w3.org/ns/shacl#"
ORG = "http://www.w3.org/ns/org#"
CB = ONTOLOGY

RDF_TYPE = RDF + "type"

GRAPH_LAWS = BASE + "graph/laws"
GRAPH_ONTOLOGY = BASE + "graph/ontology"
GRAPH_SHAPES = BASE + "graph/shapes"
GRAPH_CURATED = BASE + "graph/curated"
GRAPH_INFERRED = BASE + "graph/inferred"
GRAPH_CITATIONS = BASE + "graph/citations"

PREFIXES = {
    "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "dcterms": DCTERMS,
    "prov": PROV, "eli": ELI, "sh": SH, "org": ORG, "cb": CB,
}


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
