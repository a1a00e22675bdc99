"""Benchmarks of footdrop.batch: plans for many people, in one process and on Dask.

Run from the repository root (Dask comes with the tests group):

    .venv/bin/python benchmarks/bench_batch.py [PEOPLE]

Every figure is measured in this one run. The batch ratio compares the cost of
one plan inside a batch of random people with the cost of the same people
planned one lone ``footdrop.schedule`` call at a time: the CPU seconds of this
process (so other jobs on a shared machine disturb it less than wall time), best
of five runs each, taking turns. The batch keeps all its results (their objects
weigh on Python's garbage collector) where the lone calls drop each plan; a
second figure drops each batch result too, as a platform streaming them out
would. The cluster figures are plans per core-second on a local two-worker
``dask.distributed`` cluster, started afresh for each of three runs (so no
worker begins with days solved in an earlier run), counted both as wall seconds
times two and as the workers' own CPU seconds; the projection scales the wall
figure to ten million four-week plans.
"""

from __future__ import annotations

import contextlib
import sys
import time

import footdrop
from footdrop import batch
from footdrop.exceptions import FootdropError
from footdrop.testing import random_requests

TARGET_RATIO = 0.3
POPULATION = 10_000_000
REPEATS = 5


def lone(people: list[batch.Request]) -> float:
    """CPU seconds to plan *people* one lone schedule() call at a time."""
    t0 = time.process_time()
    for person in people:
        with contextlib.suppress(FootdropError):
            footdrop.schedule(
                person.routine,
                start=person.start,
                days=person.days,
                availability=person.availability,
            )
    return time.process_time() - t0


def together(people: list[batch.Request]) -> tuple[float, list[batch.Result]]:
    """CPU seconds to plan *people* in one plan_many() batch, and the results (all kept)."""
    t0 = time.process_time()
    results = list(batch.plan_many(people))
    return time.process_time() - t0, results


def streamed(people: list[batch.Request]) -> float:
    """CPU seconds to plan *people* in one plan_many() batch, each result dropped once seen.

    As a platform writing results out as it goes would, and as lone() drops each plan.
    """
    t0 = time.process_time()
    planned = sum(result.ok for result in batch.plan_many(people))
    assert planned > 0
    return time.process_time() - t0


def on_cluster(people: list[batch.Request], workers: int = 2) -> tuple[float, float]:
    """Wall seconds and the workers' CPU seconds to plan *people*, best of 3 fresh clusters."""
    import dask.bag
    from dask.distributed import Client, LocalCluster

    best = (float("inf"), float("inf"))
    for _ in range(3):
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            client.run(footdrop.catalogue)  # warm each worker's imports
            bag = dask.bag.from_sequence(people, npartitions=workers * 4)
            before = client.run(time.process_time)
            t0 = time.perf_counter()
            count = batch.plan_bag(bag).map_partitions(lambda part: [len(part)]).sum().compute()
            wall = time.perf_counter() - t0
            after = client.run(time.process_time)
            assert count == len(people)
            cpu = sum(after[w] - before[w] for w in after)
            best = min(best, (wall, cpu))
    return best


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    people = random_requests(count, seed=2026, days=28)
    lone(people[:50])  # warm caches that every process has (time zones, the catalogue)
    # Best of REPEATS, lone and batch taking turns, so that both see the same load.
    lone_seconds = batch_seconds = stream_seconds = float("inf")
    results: list[batch.Result] = []
    for _ in range(REPEATS):
        results = []  # the last run's plans would otherwise weigh on both runs' collector
        lone_seconds = min(lone_seconds, lone(people))
        seconds, results = together(people)
        batch_seconds = min(batch_seconds, seconds)
        results = []
        stream_seconds = min(stream_seconds, streamed(people))
    results = list(batch.plan_many(people))
    ratio = batch_seconds / lone_seconds
    planned = sum(r.ok for r in results)
    print(f"people: {count} random, 4 weeks each; {planned} planned, {count - planned} infeasible")
    print(
        f"batch per-plan cost / lone schedule per plan: {ratio:.2f}x "
        f"({1e3 * batch_seconds / count:.2f} ms against {1e3 * lone_seconds / count:.2f} ms, "
        f"best of {REPEATS}; target <= {TARGET_RATIO}x: "
        f"{'met' if ratio <= TARGET_RATIO else 'NOT met'})"
    )
    print(
        f"  the same, each result dropped once seen (as lone schedule drops each plan): "
        f"{stream_seconds / lone_seconds:.2f}x ({1e3 * stream_seconds / count:.2f} ms)"
    )
    single_rate = count / batch_seconds
    print(f"single process: {single_rate:.0f} plans per core-second (CPU time)")

    size = sum(len(line.encode()) + 1 for line in batch.to_json_lines(results))
    wall, cpu = on_cluster(people)
    cluster_rate = count / (wall * 2)
    print(
        f"2-worker local cluster: {count / wall:.0f} plans per second, "
        f"{cluster_rate:.0f} plans per core-second of wall time "
        f"({cluster_rate / single_rate:.2f} of single process), "
        f"{count / cpu:.0f} per CPU-second of the workers"
    )
    core_hours = POPULATION / cluster_rate / 3600
    print(
        f"projection for {POPULATION:,} four-week plans: {core_hours:.1f} core-hours at the "
        f"cluster rate; {size / count / 1024:.1f} KiB of JSON Lines a person, "
        f"{size / count * POPULATION / 1024**3:.0f} GiB in all"
    )


if __name__ == "__main__":
    main()
