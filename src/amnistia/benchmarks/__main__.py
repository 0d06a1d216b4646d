"""Run every benchmark, print met / not met, and append the run to benchmarks/RESULTS.md."""

from __future__ import annotations

import sys
from pathlib import Path

from amnistia.benchmarks import building, preview, validation, weight
from amnistia.benchmarks.targets import Target, print_targets, record_results

RESULTS = Path("benchmarks") / "RESULTS.md"


def main() -> int:
    targets: list[Target] = []
    for part in (validation, building, preview, weight):
        found = part.run()
        print_targets(found)
        targets += found
    record_results(RESULTS, targets)
    print(f"recorded in {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
