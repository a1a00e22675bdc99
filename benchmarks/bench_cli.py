"""Start-up time of the footdrop command, against a bare Python, with and without cached bytecode.

Runs each command many times, each run a fresh process, taking the commands in turn (one run
of each, then the next round), and runs ``python -c pass`` just before each run, so that a
machine that speeds up or slows down affects both alike. For each command it prints the
median wall time, the time over ``python -c pass`` (what footdrop itself costs), the median
of the wall-time ratios pair by pair, the best run's against the best pass, and the median
ratio of the CPU time the two processes used (``resource``, where the OS tells it; it leaves
out the cost of starting the process from this one), beside the target:
``footdrop --help`` at most 3x ``python -c pass``; well under half a second for a week's
``footdrop plan``.

Both settings are measured in the same run, each on a copy of the installed package put
first on ``PYTHONPATH``, with ``PYTHONDONTWRITEBYTECODE=1`` so that neither changes:

- *bytecode cached*: the copy is compiled first, as ``pip install`` does for a regular
  install;
- *compiled from source*: the copy has no ``__pycache__``, as an editable install has
  when the environment sets ``PYTHONDONTWRITEBYTECODE=1``; every footdrop module a command
  imports is compiled in every process (the standard library's bytecode is cached in both).

Run it with ``python benchmarks/bench_cli.py [--repeat N]``. It is a measurement, not a test:
nothing fails when a number is high.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
# The console script pip installed beside this Python: what a user types.
SCRIPT = Path(PYTHON).with_name("footdrop.exe" if os.name == "nt" else "footdrop")
FOOTDROP = [str(SCRIPT)] if SCRIPT.exists() else [PYTHON, "-m", "footdrop"]
PLAN = ["plan", "--affected", "left", "--start", "2026-11-24"]

BASE = [PYTHON, "-c", "pass"]
COMMANDS = {
    "python -c pass": BASE,
    "python -c 'import footdrop'": [PYTHON, "-c", "import footdrop"],
    "footdrop --help": [*FOOTDROP, "--help"],
    "footdrop plan --help": [*FOOTDROP, "plan", "--help"],
    "footdrop catalogue": [*FOOTDROP, "catalogue"],
    "footdrop plan (7 days)": [*FOOTDROP, *PLAN, "--tz", "Europe/London"],
    "footdrop plan --format json (7 days)": [
        *FOOTDROP, *PLAN, "--tz", "Europe/London", "--format", "json",
    ],
    # Without --tz the system's zone is read (tzlocal).
    "footdrop plan (7 days, system zone)": [*FOOTDROP, *PLAN],
}  # fmt: skip

# ``Run``: wall and CPU seconds of one run; ``Pair``: a command's run and the run of
# ``python -c pass`` just before it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    Run = tuple[float, float]
    Pair = tuple[Run, Run]

#: Targets, as ratios to ``python -c pass`` measured in the same run and setting.
TARGETS = {"footdrop --help": "<= 3x"}

SETTINGS = {
    "cached": "bytecode cached (as a regular install has it)",
    "source": "compiled from source (PYTHONDONTWRITEBYTECODE=1, no __pycache__)",
}


def installed_package() -> Path:
    """The folder of the footdrop package this Python imports."""
    spec = importlib.util.find_spec("footdrop")  # finds the package without importing it
    assert spec is not None
    assert spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations)))


def package_copy(source: Path, folder: Path, *, compiled: bool) -> Path:
    """A copy of the package *source* in *folder*: the folder to put on the path."""
    root = folder / ("cached" if compiled else "source")
    shutil.copytree(source, root / "footdrop", ignore=shutil.ignore_patterns("__pycache__"))
    if compiled:
        compileall.compile_dir(root, quiet=1)
    return root


def timed(command: list[str], env: dict[str, str]) -> Run:
    """One run of *command*: its wall time and the CPU time its process used, in seconds."""
    before = children_cpu()
    start = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True)  # noqa: S603 - our own command
    wall = time.perf_counter() - start
    return wall, children_cpu() - before


def children_cpu() -> float:
    """User and system time of the finished child processes (0 where the OS does not tell)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(envs: dict[str, dict[str, str]], repeat: int) -> dict[str, dict[str, list[Pair]]]:
    """Every command in every setting, *repeat* rounds after a warm-up round.

    Each run is paired with a run of ``python -c pass`` just before it.
    """
    times: dict[str, dict[str, list[Pair]]] = {s: {c: [] for c in COMMANDS} for s in envs}
    for round_ in range(repeat + 1):
        for setting, env in envs.items():
            for name, command in COMMANDS.items():
                base = timed(BASE, env)
                pair = (timed(command, env), base)
                if round_:  # the first round warms the file cache and is not counted
                    times[setting][name].append(pair)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="runs per command (10)")
    parser.add_argument(
        "--package",
        type=Path,
        default=installed_package(),
        help="the footdrop package folder to measure, e.g. another checkout's src/footdrop "
        "(default: the one this Python imports)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        envs = {}
        for setting in SETTINGS:
            root = package_copy(args.package, folder, compiled=setting == "cached")
            envs[setting] = {
                **os.environ,
                "PYTHONDONTWRITEBYTECODE": "1",
                "PYTHONPATH": os.pathsep.join(
                    filter(None, [str(root), os.environ.get("PYTHONPATH")])
                ),
                "FOOTDROP_JOURNAL": str(folder / "journal.sqlite3"),
            }
        times = measure(envs, args.repeat)
    print(f"Python {sys.version.split()[0]}, {args.repeat} runs of each command in each setting")
    print(f"footdrop from {args.package}")
    for setting, label in SETTINGS.items():
        print(f"\n{label}")
        print(
            f"{'command':<38} {'median':>9} {'over python':>12} {'ratio':>6} {'best':>6} "
            f"{'cpu':>6}  target"
        )
        for name, pairs in times[setting].items():
            wall = statistics.median(run[0] for run, _ in pairs)
            base = statistics.median(pass_[0] for _, pass_ in pairs)
            # Wall time: the median of the ratios pair by pair, whose two runs met the same
            # load, and the best run against the best pass; CPU time: the median ratio.
            ratio = statistics.median(run[0] / pass_[0] for run, pass_ in pairs)
            best = min(run[0] for run, _ in pairs) / min(pass_[0] for _, pass_ in pairs)
            cpu = statistics.median(run[1] / pass_[1] if pass_[1] else 0 for run, pass_ in pairs)
            print(
                f"{name:<38} {wall * 1000:>6.1f} ms {(wall - base) * 1000:>9.1f} ms "
                f"{ratio:>5.2f}x {best:>5.2f}x {cpu:>5.2f}x  {TARGETS.get(name, '')}"
            )


if __name__ == "__main__":
    main()
