"""Triple stores behind one small interface: embedded Oxigraph (default) and remote SPARQL."""
