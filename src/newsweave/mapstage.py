"""The map stage on several cores or machines: analysis as tasks, results streamed back in order.

Cleaning stays with the single writer (it needs the store's line statistics, a corpus-wide count); analysis —
spaCy and everything newsweave reads from its parse, where the CPU goes — runs in batches on workers, each of
which loads the models once.  Results come back in input order, so the writer stores articles in the order a
single process would and the account is the same.

* :class:`ProcessMapper` — a pool of local processes (``newsweave run --workers N``).
* :class:`DaskMapper` — Dask tasks on a ``distributed`` cluster: ``local:N`` starts a ``LocalCluster`` of ``N``
  single-threaded worker processes on 127.0.0.1; ``tcp://host:port`` connects to a running scheduler (its workers
  need newsweave and its models installed; see docs/dask.md).

At most ``2 × workers`` batches are in flight, so memory stays bounded however many articles a run reads.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from .errors import UsageError
from .model import Analysis, Article, Failure

Item = tuple[Article, Analysis] | Failure
BATCH = 8
"""Articles per task: big enough to amortise the round trip, small enough to keep both cores busy."""

_WORKER: Any = None


def analyze_batch(articles: Sequence[Article]) -> list[Item]:
    """Analyse a batch in this process (a worker): each article with its analysis, or a Failure."""
    global _WORKER
    if _WORKER is None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from .pipeline import Weaver

        _WORKER = Weaver()
    return list(_WORKER.analyze_all(list(articles)))


class Mapper(Protocol):
    """Runs :func:`analyze_batch` over batches, yielding each batch's results in input order."""

    workers: int

    def map(self, batches: Sequence[Sequence[Article]]) -> Iterator[list[Item]]: ...

    def close(self) -> None: ...


def _ordered(submit: Callable[[Sequence[Article]], Any], result: Callable[[Any], list[Item]],
             batches: Sequence[Sequence[Article]], in_flight: int) -> Iterator[list[Item]]:
    pending: deque[Any] = deque()
    todo = iter(batches)
    for batch in todo:
        pending.append(submit(batch))
        if len(pending) >= in_flight:
            break
    while pending:
        done = result(pending.popleft())
        nxt = next(todo, None)
        if nxt is not None:
            pending.append(submit(nxt))
        yield done


@dataclass(slots=True)
class ProcessMapper:
    """A pool of ``workers`` local processes (started with ``forkserver``: no model state is inherited)."""

    workers: int = 2
    _pool: ProcessPoolExecutor | None = None

    def map(self, batches: Sequence[Sequence[Article]]) -> Iterator[list[Item]]:
        if self._pool is None:
            import multiprocessing

            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("forkserver"))
        pool = self._pool

        def result(future: Future[list[Item]]) -> list[Item]:
            return future.result()

        return _ordered(lambda b: pool.submit(analyze_batch, list(b)), result, batches, 2 * self.workers)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


@dataclass(slots=True)
class DaskMapper:
    """Dask tasks on a ``distributed`` cluster (see the module docstring)."""

    address: str
    workers: int = 0
    _client: Any = None
    _cluster: Any = None
    _owned: list[Any] = field(default_factory=list)

    def connect(self) -> Any:
        if self._client is not None:
            return self._client
        try:
            from distributed import Client, LocalCluster  # type: ignore[attr-defined]
        except ImportError as exc:
            raise UsageError("--dask needs Dask: pip install 'dask[distributed]' (see requirements.lock)") from exc
        if self.address.startswith("local:"):
            n = int(self.address.split(":", 1)[1] or 2)
            self._cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                         dashboard_address=None, silence_logs=40)
            self._client = Client(self._cluster)  # type: ignore[no-untyped-call]
        else:
            self._client = Client(self.address)  # type: ignore[no-untyped-call]
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        return self._client

    def map(self, batches: Sequence[Sequence[Article]]) -> Iterator[list[Item]]:
        client = self.connect()

        def result(future: Any) -> list[Item]:
            value: list[Item] = future.result()
            future.release()
            return value

        return _ordered(lambda b: client.submit(analyze_batch, list(b), pure=False), result, batches,
                        2 * self.workers)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def mapper(dask: str | None = None, workers: int = 1) -> Mapper | None:
    """The mapper a run's options ask for: Dask (``local:N`` or ``tcp://host:port``), a local pool of ``workers``
    processes, or none (analysis in this process)."""
    if dask:
        if not (dask.startswith("local:") or "://" in dask):
            raise UsageError(f"--dask {dask!r}: give local:N (a local cluster of N workers) or tcp://host:port")
        if dask.startswith("local:") and not dask.split(":", 1)[1].isdigit():
            raise UsageError(f"--dask {dask!r}: N in local:N must be a number of workers")
        return DaskMapper(dask)
    if workers > 1:
        return ProcessMapper(workers)
    return None


def batches(articles: Sequence[Article], size: int = BATCH) -> list[Sequence[Article]]:
    return [articles[i:i + size] for i in range(0, len(articles), size)]
