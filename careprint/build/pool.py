"""The worker pool: one warm renderer per process, results in submission order."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from careprint.build.options import Options
from careprint.library.reader import Library, LibraryPaths, read_library
from careprint.problems import Problem, error
from careprint.render.renderer import Renderer

_worker: Renderer | None = None


def use(library: Library, options: Options) -> None:
    """The renderer for this process; forked workers inherit it, already warm."""
    global _worker
    _worker = Renderer(library, options.allow_missing_glyphs)


def renderer() -> Renderer:
    assert _worker is not None, "use() sets the renderer before any task runs"
    return _worker


def _start_worker(root: Path, allow_missing_glyphs: bool, language: str) -> None:
    global _worker
    if _worker is None:  # a spawned (not forked) worker starts empty
        library, _ = read_library(LibraryPaths(root), language)
        _worker = Renderer(library, allow_missing_glyphs)


def internal_problem(label: str, err: Exception) -> Problem:
    return error(f"{label}: careprint failed unexpectedly ({type(err).__name__}: {err})", None,
                 "please report this, with the file that caused it; the others were built")


def run(task: Callable, arguments: list[tuple], workers: int, library: Library,
        options: Options, chunk: int = 1) -> Iterator:
    """task(*args) for each args, in worker processes when there is more than one task and
    worker; fork where the OS has it, so workers start warm. The tasks are handed out at once,
    so the caller can do other work while they run, then read the results in order."""
    use(library, options)
    if workers <= 1 or len(arguments) <= 1:
        return (task(*args) for args in arguments)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    executor = ProcessPoolExecutor(max_workers=min(workers, len(arguments)), mp_context=context,
                                   initializer=_start_worker,
                                   initargs=(library.paths.root, options.allow_missing_glyphs,
                                             library.language))
    try:
        results = executor.map(_call, [(task, args) for args in arguments], chunksize=chunk)
    except BaseException:
        executor.shutdown(cancel_futures=True)
        raise
    ordered = _in_order(executor, results)
    next(ordered)  # inside the `with` now: the pool is shut down however the caller leaves
    return ordered


def _in_order(executor: ProcessPoolExecutor, results: Iterator) -> Iterator:
    with executor:
        yield None
        yield from results


def _call(task_and_args: tuple[Callable, tuple]):
    task, args = task_and_args
    return task(*args)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        (os.cpu_count() or 1)
