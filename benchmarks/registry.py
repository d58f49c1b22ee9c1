"""Named benchmarks: a later issue adds a figure by decorating one function, nothing else.

A benchmark takes the shared `Bench` context and returns `{figure_name: number}`.
"""

from __future__ import annotations

from collections.abc import Callable

BENCHMARKS: dict[str, Callable] = {}


def benchmark(name: str):
    def register(func: Callable) -> Callable:
        if name in BENCHMARKS:
            raise ValueError(f"benchmark {name!r} is registered twice")
        BENCHMARKS[name] = func
        return func

    return register
