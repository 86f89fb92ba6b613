"""Command line: ``creditbasis import-laws | serve | validate | report``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from service.config import get_settings


def _import(args: argparse.Namespace) -> int:
    from service.corpus.importer import ImportFailed, build_store

    settings = get_settings()
    corpus = Path(args.path) if args.path else settings.corpus_dir
    store_dir = Path(args.store) if args.store else settings.store_dir
    try:
        report = build_store(corpus, store_dir, settings.corpus_snapshot, progress=print)
    except ImportFailed as exc:
        print(f"import failed, previous store kept: {exc}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def ensure_store(corpus: Path | None = None) -> None:
    """Build the embedded store on first start (curated data; the corpus when present)."""
    from service.corpus.importer import build_fingerprint, build_store, source_fingerprint
    from service.store.embedded import current_build

    settings = get_settings()
    build = current_build(settings.store_dir)
    if build is not None and build_fingerprint(build) == source_fingerprint():
        return
    if build is not None:
        print("curated data or importer changed since the last import: re-importing")
    src = corpus or settings.corpus_dir
    if not src.is_dir():
        print(f"corpus not found at {src}: starting with the curated data only", file=sys.stderr)
        report = build_store(None, settings.store_dir, settings.corpus_snapshot, progress=print)
    else:
        report = build_store(src, settings.store_dir, settings.corpus_snapshot, progress=print)
    print(report.summary().splitlines()[2])


def _serve(args: argparse.Namespace) -> int:
    from service.api.run import run

    ensure_store(Path(args.corpus) if args.corpus else None)
    run(args.host, args.port)
    return 0


def _validate(args: argparse.Namespace) -> int:
    from service.domain.validation import validate_file

    result = validate_file(path=Path(args.file), fmt=args.format)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if result.get("conforms") else 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="creditbasis", description="信用法据 creditbasis")
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("import-laws", help="import the law corpus into a new store and switch to it")
    p.add_argument("path", nargs="?", help="corpus folder (default: ../shared/data/laws)")
    p.add_argument("--store", help="store directory (default: var/store)")
    p.set_defaults(func=_import)
    p = sub.add_parser("serve", help="serve the API (imports first when there is no store)")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--corpus", help="corpus folder for the first import")
    p.set_defaults(func=_serve)
    p = sub.add_parser("validate", help="validate a record file (Turtle, JSON-LD or JSON) with SHACL")
    p.add_argument("file")
    p.add_argument("--format", choices=["turtle", "json-ld", "json"], default=None)
    p.set_defaults(func=_validate)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
