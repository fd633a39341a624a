"""Shared fixtures: one loaded pipeline and one weave of the bundled example corpus per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave import Account, Store, Weaver

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "nato-russia-2022"


@pytest.fixture(scope="session")
def weaver() -> Weaver:
    """The real pipeline (spaCy en_core_web_sm, all-MiniLM-L6-v2), loaded once."""
    return Weaver()


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory: pytest.TempPathFactory, weaver: Weaver) -> Path:
    path = tmp_path_factory.mktemp("seeds") / "newsweave.db"
    with Store(path) as store:
        weaver.weave([EXAMPLES], store)
    return path


@pytest.fixture(scope="session")
def seeds_account(seeds_store: Path) -> Account:
    with Store(seeds_store) as store:
        return store.account()


def seed_article_id(account: Account, prefix: str) -> str:
    """The id of the example article whose file name starts with ``prefix`` ("000", "001", …)."""
    return next(a.id for a in account.articles if Path(a.path).name.startswith(prefix))
