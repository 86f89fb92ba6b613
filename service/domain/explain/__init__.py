"""Why does this sanction apply? Proof trees, point-in-time rules, text and PROV-O renderings."""

from service.domain.explain.records import Facts, MemoryStore, main_record, parse_record
from service.domain.explain.tree import explain

__all__ = ["Facts", "MemoryStore", "explain", "main_record", "parse_record"]
