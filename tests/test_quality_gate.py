"""Quality gate: every quality figure we report stays above its floor on a small dev slice.

The figures come from the benchmarks' own functions and the floors from ``benchmarks/gate.py`` (``FLOORS``,
with today's value and the margin beside each); ``.venv/bin/python benchmarks/gate.py`` prints the same table.
Missing evaluation data (``../shared/data`` beside the clone, or ``$NEWSWEAVE_DATA``) fails the gate: a gate
that cannot measure must not pass.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsweave.analyze import Analyzer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import gate  # benchmarks/ is not a package: put on sys.path, as the benchmarks import `common`

pytestmark = pytest.mark.quality_gate


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    """One analyzer for every family: spaCy and the gazetteer are loaded once, on first use."""
    return Analyzer()


def check(family: str, analyzer: Analyzer) -> None:
    gaps = gate.missing(family)
    if gaps:
        pytest.fail(f"quality gate '{family}' cannot run: {'; '.join(gaps)}; {gate.HINT}", pytrace=False)
    try:
        figures = gate.measure(family, analyzer)
    except gate.GateError as exc:
        error = str(exc)  # failed outside the handler: the message alone, without the chained exception
    else:
        error = ""
    if error:
        pytest.fail(f"quality gate '{family}' cannot run: {error}", pytrace=False)
    problems = gate.problems(family, figures)
    assert not problems, f"quality gate '{family}' (value vs floor):\n  " + "\n  ".join(problems)


def test_floors_cover_every_family() -> None:
    assert {gate.family_of(m) for m in gate.FLOORS} == set(gate.FAMILIES)
    assert all(direction in (gate.AT_LEAST, gate.AT_MOST) for _, direction in gate.FLOORS.values())


def test_namesakes(analyzer: Analyzer) -> None:
    """PolNeAR namesakes (all 63 gold docs): B³ precision, wrong-merge pairs, bare surnames right; new + wave-1."""
    check("namesakes", analyzer)


def test_speakers(analyzer: Analyzer) -> None:
    """BASIL speakers (first 30 triplets): quote recall and the new linker's named-speaker accuracy."""
    check("speakers", analyzer)


def test_outlets(analyzer: Analyzer) -> None:
    """BASIL outlets (all 210 articles, JSONL url + text): the recognised share."""
    check("outlets", analyzer)


def test_entities(analyzer: Analyzer) -> None:
    """ECB+ named persons (every 3rd document), newsweave one at a time: B³ precision and recall."""
    check("entities", analyzer)


def test_actions(analyzer: Analyzer) -> None:
    """PLOVER GSR dev (166 sentences), the coder as shipped: type, triple, parties, source country, precision and
    coverage at the display threshold."""
    check("actions", analyzer)


def test_grouping(analyzer: Analyzer) -> None:
    """Events and stories (ECB+ every 4th topic, BASIL every 3rd triplet), one at a time: ECB+ event and story B³
    F1, BASIL event B³ F1 and stories joining triplets a year or more apart."""
    check("grouping", analyzer)


def test_fuse(analyzer: Analyzer) -> None:
    """Fuse (benchmarks/fusegate.py slices): ECB+ claim precision / recall, BASIL judged claims, false
    disagreements and originals, NeuS summary captions, ClaimDiff false conflicts and contradictions merged."""
    check("fuse", analyzer)


def test_provenance(analyzer: Analyzer) -> None:
    """Provenance on the generated set (benchmarks/provenance.py, first 8 ECB+ dev originals, seed 0): F1 per label,
    derived_from right, and spins recognised with their original left out."""
    check("provenance", analyzer)
