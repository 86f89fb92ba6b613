"""The FastAPI application: collects every router in ``service.api.routes``."""

from __future__ import annotations

import importlib
import pkgutil

from fastapi import FastAPI

from service import __version__
from service.api import problems, routes
from service.api.head import HeadAsGet


def create_app() -> FastAPI:
    app = FastAPI(
        title="creditbasis 信用法据",
        version=__version__,
        description="Legal-basis knowledge graph and reasoning service for China's public-credit system.",
    )
    problems.install(app)
    app.add_middleware(HeadAsGet)
    for mod in sorted(pkgutil.iter_modules(routes.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{routes.__name__}.{mod.name}")
        router = getattr(module, "router", None)
        if router is not None:
            app.include_router(router, responses=problems.OPENAPI_RESPONSES)
    return app
