"""The entity linkers the benchmarks compare, each built by one small factory.

* :func:`new_linker` — the system under test: newsweave's current :class:`~newsweave.entities.Linker`.
  When the linker takes more (an actor knowledge base, an outlet table …), build it here, once, for every
  benchmark that imports this module.
* :func:`wave1_linker` — the frozen wave-1 linker (``baselines/wave1_entities.py``), the "current linker"
  baseline.  That file keeps the package-relative imports it had inside ``newsweave`` (``from .model import
  …``), so it is loaded as a module *of* the ``newsweave`` package (``newsweave._wave1_entities``) rather
  than put on ``sys.path``; it then shares the records (``Mention``, ``Entity`` …) of the installed package.

Both return an object with ``link(pairs) -> list[Analysis]`` and ``all() -> list[Entity]``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

BASELINE = Path(__file__).resolve().parent / "baselines" / "wave1_entities.py"


def new_linker(gazetteer: Any) -> Any:
    """The linker under test (adapt here when its constructor grows, e.g. ``Linker(gazetteer, kb=…)``)."""
    from newsweave.actorkb import default_kb
    from newsweave.entities import Linker

    return Linker(gazetteer, kb=default_kb())


def _wave1_module() -> ModuleType:
    name = "newsweave._wave1_entities"
    if name in sys.modules:
        return sys.modules[name]
    import newsweave  # noqa: F401  (the parent package must be imported first)

    spec = importlib.util.spec_from_file_location(name, BASELINE)
    if spec is None or spec.loader is None:  # pragma: no cover
        raise ImportError(f"cannot load the wave-1 linker from {BASELINE}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def wave1_linker(gazetteer: Any) -> Any:
    """The frozen wave-1 linker (baseline)."""
    return _wave1_module().Linker(gazetteer)


LINKERS = {"new linker": new_linker, "wave-1 linker": wave1_linker}
"""The linkers every benchmark reports, by the name shown in its tables."""
