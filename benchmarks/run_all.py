"""Run every benchmarks/bench_*.py and rewrite BENCHMARKS.md with their tables and the machine."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}"


def main() -> int:
    sections = [f"# Benchmarks\n\nRun by `make bench` on {time.strftime('%Y-%m-%d')}: {machine()}.\n"]
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"running {script.name} ...", flush=True)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
        seconds = time.perf_counter() - start
        print(done.stdout)
        if done.returncode:
            failed += 1
            print(done.stderr[-2000:], file=sys.stderr)
        sections.append(f"<!-- {script.name}: {seconds:.0f} s, exit {done.returncode} -->\n{done.stdout}")
    (HERE.parent / "BENCHMARKS.md").write_text("\n".join(sections))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
