"""Run one engine on one package in this process and print what it cost, as JSON.

``make bench`` starts this in a fresh subprocess per measurement, so each
figure (seconds, peak memory) belongs to one engine alone, imports included:

    python -m amnistia.benchmarks.engine_run ours|frictionless FOLDER FINDINGS.json
"""

from __future__ import annotations

import datetime as dt
import json
import re
import resource
import sys
import time
from pathlib import Path

TODAY = dt.date(2026, 12, 1)


def main(argv: list[str]) -> int:
    engine, folder, out = argv[0], Path(argv[1]), Path(argv[2])
    start = time.perf_counter()
    if engine == "ours":
        from amnistia.benchmarks.findings import comparable, our_findings

        findings = sorted(comparable(our_findings(folder, TODAY)))
    else:
        from amnistia.benchmarks.findings import frictionless_findings

        findings = sorted(frictionless_findings(folder))
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out.write_text(json.dumps(findings), encoding="utf-8")
    report = {
        "seconds": seconds,
        # The machine is shared: CPU time (imports included) is what the engine itself cost.
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mb": _own_peak_mb(usage.ru_maxrss / 1024),
        "findings": len(findings),
    }
    print(json.dumps(report))
    return 0


def _own_peak_mb(fallback: float) -> float:
    """This process's own peak (VmHWM): ru_maxrss carries the parent's size across fork and exec."""
    status = Path("/proc/self/status")
    if status.is_file():
        found = re.search(r"VmHWM:\s+(\d+) kB", status.read_text(encoding="utf-8"))
        if found:
            return int(found.group(1)) / 1024
    return fallback


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
