"""Reading the law corpus: numerals, Markdown parsing, metadata, in-force dates, RDF output."""
