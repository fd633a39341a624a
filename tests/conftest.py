"""Shared fixtures: one loaded pipeline and one weave of the bundled example corpus per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
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


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="newsweave-"))
    path.chmod(0o755)
    yield path
    for folder, dirs, _ in os.walk(path):
        for d in dirs:
            os.chmod(os.path.join(folder, d), 0o755)
    shutil.rmtree(path, ignore_errors=True)


def unprivileged(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    """Run ``args`` as an unprivileged user: permissions do not bind root, so when the tests run as root the
    command runs as ``nobody`` (via setpriv); otherwise as the current user."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: cannot test permissions")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    env = {**os.environ, "HOME": str(home), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(prefix + args, capture_output=True, text=True, timeout=300, env=env)
