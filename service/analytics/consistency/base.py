"""What a consistency check is and what it runs on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from service.analytics.corpus_view import CorpusView
from service.analytics.facts import CreditFacts
from service.analytics.finder import Finding

Finding_ = dict[str, Any]


@dataclass
class Inputs:
    """The data a check may read: credit facts, the corpus view and the finder's results."""

    facts: CreditFacts
    view: CorpusView | None = None
    found: dict[str, Finding] | None = None


@dataclass(frozen=True)
class Check:
    id: str
    title: dict[str, str]
    description: dict[str, str]
    severity: str  # violation | warning | review
    run: Callable[[Inputs], list[Finding_]]
    source: str = ""  # the rule the check enforces (an instrument clause IRI)
    needs_corpus: bool = False

    def listing(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "description": self.description,
                "severity": self.severity, "source": self.source}
