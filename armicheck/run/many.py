"""Many files: entries in input order, in one process or several (`--jobs`), with the cycle
collector run on a schedule."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from armicheck.packs.model import RuleSet
from armicheck.run.check import Options, check_file, run_fingerprint

_WORKER_RULES: RuleSet | None = None
# Files between two runs of the cycle collector: a file leaves ~10 objects in reference
# cycles, and everything else it allocates (~50,000 objects) is freed by reference counting.
COLLECT_EVERY = 256


class _Collector:
    """The cycle collector off while files are checked, run every COLLECT_EVERY files.

    With it on, its passes over each file's short-lived objects are a good share of a run
    (bench/README.md); `gc.freeze()` first puts the modules and rule packs, which live for the
    whole run, where no pass scans them (and keeps forked workers' pages shared).
    """

    def __init__(self) -> None:
        gc.freeze()
        self.was_enabled = gc.isenabled()
        self.count = 0
        gc.disable()

    def tick(self) -> None:
        self.count += 1
        if self.count % COLLECT_EVERY == 0:
            gc.collect()

    def close(self) -> None:
        gc.unfreeze()  # a long-lived caller (a test session) may free those objects later
        if self.was_enabled:
            gc.enable()


_WORKER_COLLECTOR: _Collector | None = None


def _init_worker() -> None:
    global _WORKER_COLLECTOR
    import signal

    # a worker dies with its parent, quietly: SIGTERM (the pool's terminate) ends it at once
    # without the parent's handler, ^C is the parent's to handle, and it ends when the parent
    # is killed outright
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _WORKER_COLLECTOR = _Collector()


def _die_with_parent() -> None:
    """A watcher thread: when the parent is gone (killed outright, so the pool could not end
    its workers), the worker ends too, quietly, instead of running on as an orphan."""
    import os
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="armicheck-parent-watch", daemon=True).start()


Finish = Callable[[dict[str, Any]], dict[str, Any]]


def _worker(args: tuple[str, Options, bool, Finish | None]) -> dict[str, Any]:
    # no rule set when only validating (`armicheck validate`)
    entry = check_file(args[0], _WORKER_RULES, args[1], args[2])  # type: ignore[arg-type]
    if args[3] is not None:
        entry = args[3](entry)
    if _WORKER_COLLECTOR is not None:
        _WORKER_COLLECTOR.tick()
    return entry


def run_many(files: list[str], ruleset: RuleSet, options: Options, jobs: int,
             evaluate_rules: bool = True, finish: Finish | None = None) -> Any:
    """Yield incident entries in input order; several processes when jobs > 1.

    Entries are yielded as they are made, so a caller that does not keep them runs in memory
    flat in the number of files. `finish` (a module-level function: workers receive it by
    name) is applied to each entry where it is made: a writer's encoding done in the workers
    leaves the parent only text to pass on, where a whole entry cost it more to unpickle than
    to check the file took a worker a tenth of.
    """
    global _WORKER_RULES
    if options.cache_dir and not options.cache_key:  # hashed once per run, not per file
        options = replace(options, cache_key=run_fingerprint(ruleset, options, evaluate_rules))
    collector = _Collector()
    try:
        if jobs <= 1 or len(files) < 8 or "-" in files:
            for f in files:
                entry = check_file(f, ruleset, options, evaluate_rules)
                yield finish(entry) if finish is not None else entry
                collector.tick()
            return
        import multiprocessing  # only for --jobs: start-up of a one-file run

        _WORKER_RULES = ruleset  # inherited by forked workers: packs are loaded once
        ctx = multiprocessing.get_context("fork")
        jobs = min(jobs, len(files))  # never a worker with nothing to do
        pool = ctx.Pool(jobs, initializer=_init_worker)
        try:
            chunk = max(1, min(64, len(files) // (jobs * 8)))
            yield from pool.imap(_worker, ((f, options, evaluate_rules, finish)
                                           for f in files), chunk)
        except BaseException:  # stopped (^C, SIGTERM, a failed output) or closed early
            _abandon(pool)
            raise
        pool.terminate()  # every result is in: no worker is mid-write
    finally:
        collector.close()


# How long a stopped run waits for its pool to end in order before ending its workers outright.
ABANDON_WAIT_S = 3.0


def _abandon(pool: Any) -> None:
    """End a pool whose run was stopped, without ever waiting forever.

    `Pool.terminate` ends the workers with SIGTERM and then joins its task handler, which may
    still be sending the result handler its sentinel: when a worker was ended while it held the
    results queue's lock (writing a result), that send, and so the join, waits forever. One
    stopped `--jobs` run in about seventy hung so. The terminate runs in a thread; past
    ABANDON_WAIT_S the workers are killed and the pool's threads (daemons) are left behind, so
    the caller's own clean-up (removing temporary outputs) still runs."""
    import threading

    ender = threading.Thread(target=pool.terminate, name="armicheck-pool-end", daemon=True)
    ender.start()
    ender.join(ABANDON_WAIT_S)
    if ender.is_alive():
        workers = list(getattr(pool, "_pool", ()))  # this pool's processes, not the caller's
        for worker in workers:
            worker.kill()
        for worker in workers:
            worker.join(ABANDON_WAIT_S)  # reaped: a killed process cannot keep it waiting
