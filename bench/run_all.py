"""Run every benchmark (`make bench`): each `bench/bench_*.py` module's `main()` in turn."""

from __future__ import annotations

import importlib
import sys
import traceback
from pathlib import Path


def main() -> int:
    failed = 0
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        only = sys.argv[1:]
        if only and path.stem not in only:
            continue
        print(f"\n=== {path.stem} ===", flush=True)
        try:
            importlib.import_module(f"bench.{path.stem}").main()
        except Exception:  # a failing benchmark must not hide the others
            traceback.print_exc()
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
