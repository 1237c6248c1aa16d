"""Run every benchmark of QUALITY.md and print its table. ``--smoke``: small sizes, to check they still work.

    python bench/run_all.py [--smoke]
"""
from __future__ import annotations

import argparse
import pathlib
import sys
import traceback

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

import frontend  # noqa: E402
import load  # noqa: E402
import scale  # noqa: E402
import scaleout  # noqa: E402
import signin  # noqa: E402


def main(smoke: bool) -> int:
    failed = []
    for name, fn in (("P6 sign-in", lambda: signin.main(smoke)),
                     ("P2 scale", lambda: scale.main(smoke)),
                     ("P1 load", lambda: load.main(smoke, [5] if smoke else [10, 50, 100], None)),
                     ("P3/P4 front end", lambda: frontend.main(smoke)),
                     ("P7 scale-out", lambda: scaleout.main(smoke, 5 if smoke else 50))):
        print(f"\n## {name}\n", flush=True)
        try:
            fn()
        except Exception:
            traceback.print_exc()
            failed.append(name)
    print(f"\nbenchmark smoke: {'all ran' if not failed else 'failing: ' + ', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    sys.exit(main(ap.parse_args().smoke))
