"""HTTP layer: routers, content negotiation, templates. Thin: parse, call the domain, render."""
