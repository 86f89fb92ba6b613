"""Run the API under uvicorn with the problem+json parse-error protocol (``python -m service.api.run``).

``creditbasis serve`` imports the corpus first when needed and then calls :func:`run`; tests and
benchmarks start this module directly on a store that already exists.
"""

from __future__ import annotations

import argparse

from service.config import get_settings


def run(host: str | None = None, port: int | None = None, log_level: str = "info") -> None:
    import uvicorn

    from service.api.protocol import ProblemHttpToolsProtocol

    settings = get_settings()
    uvicorn.run("service.api.app:create_app", factory=True, host=host or settings.host,
                port=port or settings.port, workers=1, log_level=log_level, http=ProblemHttpToolsProtocol)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="serve the creditbasis API on an existing store")
    parser.add_argument("--host")
    parser.add_argument("--port", type=int)
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args()
    run(args.host, args.port, args.log_level)
