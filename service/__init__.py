"""creditbasis (信用法据): legal-basis knowledge graph for China's public-credit system."""

__version__ = "0.1.0"
