"""Start-up time of the footdrop command, against a bare Python.

Runs each command several times in a fresh process and prints the median wall time, the
time over ``python -c pass`` (what footdrop itself costs) and the ratio to it, beside its
target: ``footdrop --help`` at most 3x ``python -c pass``; well under half a second for a
week's ``footdrop plan``.

Run it with ``python benchmarks/bench_cli.py [--repeat N]``. It is a measurement, not a test:
nothing fails when a number is high.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -c 'import footdrop'": [sys.executable, "-c", "import footdrop"],
    "footdrop --help": [sys.executable, "-m", "footdrop", "--help"],
    "footdrop catalogue": [sys.executable, "-m", "footdrop", "catalogue"],
    "footdrop plan (7 days)": [
        sys.executable, "-m", "footdrop", "plan", "--affected", "left",
        "--start", "2026-11-24", "--tz", "Europe/London",
    ],
    "footdrop plan --format json (7 days)": [
        sys.executable, "-m", "footdrop", "plan", "--affected", "left",
        "--start", "2026-11-24", "--tz", "Europe/London", "--format", "json",
    ],
    # Without --tz the system's zone is read (tzlocal).
    "footdrop plan (7 days, system zone)": [
        sys.executable, "-m", "footdrop", "plan", "--affected", "left",
        "--start", "2026-11-24",
    ],
}  # fmt: skip


#: Targets, as ratios to ``python -c pass`` measured in the same run.
TARGETS = {"footdrop --help": "<= 3x"}


def timed(command: list[str], env: dict[str, str], repeat: int) -> list[float]:
    """Wall times of *repeat* runs of *command*, in seconds (after one warm-up run)."""
    subprocess.run(command, env=env, capture_output=True, check=True)  # noqa: S603 - our own command
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)  # noqa: S603
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="runs per command (10)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "FOOTDROP_JOURNAL": str(Path(folder) / "journal.sqlite3")}
        medians = {
            name: statistics.median(timed(command, env, args.repeat))
            for name, command in COMMANDS.items()
        }
    base = medians["python -c pass"]
    print(f"{'command':<40} {'median':>9} {'over python':>12} {'ratio':>7}  target")
    for name, median in medians.items():
        target = TARGETS.get(name, "")
        print(
            f"{name:<40} {median * 1000:>7.0f} ms {(median - base) * 1000:>9.0f} ms "
            f"{median / base:>6.2f}x  {target}"
        )


if __name__ == "__main__":
    main()
