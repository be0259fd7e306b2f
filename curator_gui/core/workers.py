"""Running a function over chunks of files in worker processes: the only place that decides what a dying
worker costs.

A worker that dies (a crash in a C library, the kernel's out-of-memory killer) breaks the whole process pool,
and every task still in flight fails with it. Only a bounded number of chunks is ever in flight, so a break
costs those chunks a second run and nothing more: each is run again alone in a fresh one-worker pool, and a
chunk that kills that worker too is split into single files. The file that kills a worker on its own gets
``on_crash(file)`` instead of a result; the listing goes on.

When even an empty task kills a fresh worker, worker processes cannot run at all here (for instance a host
program without an ``if __name__ == "__main__":`` guard under the spawn start method): that is no file's
fault, and :class:`WorkersUnavailable` tells the caller to do the work in its own process.
"""
from __future__ import annotations

from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterator, Sequence


class WorkersUnavailable(RuntimeError):
    """Worker processes die before doing anything: run the work in this process instead."""


def map_chunks(func: Callable[[list], list], chunks: Sequence[list], *, workers: int, mp_context=None,
               on_crash: Callable[[object], object], cancelled: Callable[[], None] | None = None,
               initializer: Callable | None = None, initargs: tuple = ()) -> Iterator[list]:
    """Yield ``func(chunk)`` for every chunk, in order, computed in up to ``workers`` processes.

    ``func`` must return one result per item of its chunk. ``cancelled`` is called between chunks and may raise
    to stop the work. ``initializer(*initargs)`` runs once in every worker process started (also the fresh
    ones that re-run the chunks of a broken pool).
    """
    def new_pool(size: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=size, mp_context=mp_context, initializer=initializer,
                                   initargs=initargs)

    pending = deque(chunks)
    in_flight: deque = deque()
    pool = new_pool(workers)
    try:
        while pending or in_flight:
            while pending and len(in_flight) < 2 * workers:
                chunk = pending.popleft()
                in_flight.append((chunk, pool.submit(func, chunk)))
            chunk, future = in_flight.popleft()
            if cancelled is not None:
                cancelled()
            try:
                result = future.result()
            except BrokenProcessPool:
                # Every chunk in flight failed with the one that broke the pool: run each again on its own.
                suspects = [chunk] + [c for c, _ in in_flight]
                in_flight.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                for suspect in suspects:
                    if cancelled is not None:
                        cancelled()
                    yield _run_alone(func, suspect, new_pool, on_crash)
                pool = new_pool(workers)
                continue
            yield result
    finally:
        for _, future in in_flight:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _run_alone(func, chunk: list, new_pool, on_crash) -> list:
    """``func(chunk)`` in a fresh one-worker pool; item by item if that worker dies too."""
    result = _in_fresh_worker(func, chunk, new_pool)
    if result is not None:
        return result
    results: list = []
    pool = None
    try:
        for item in chunk:
            if pool is None:
                pool = new_pool(1)
            try:
                results.extend(pool.submit(func, [item]).result())
            except BrokenProcessPool:
                pool.shutdown(wait=True)
                pool = None
                if _in_fresh_worker(func, [], new_pool) is None:
                    raise WorkersUnavailable("worker processes stop before doing any work") from None
                results.append(on_crash(item))
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    return results


def _in_fresh_worker(func, chunk: list, new_pool) -> list | None:
    """``func(chunk)`` in a new single worker process; None when that process died."""
    with new_pool(1) as pool:
        try:
            return pool.submit(func, chunk).result()
        except BrokenProcessPool:
            return None
