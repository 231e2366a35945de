"""Shared test set-up: the tests folder is importable (for bookgen), no test touches the
user's real state folder, and one Hypothesis profile decides how hard property tests try.

Profiles: `dev` (the default: `make test` on a developer machine, quick) and `ci` (with
`CI=true`, as .ci/run sets: many more examples). `HYPOTHESIS_PROFILE=ci make test` runs the
thorough profile locally. Tests set no `max_examples` of their own.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))

# No deadlines and no "too slow" health check: speed is checked by benchmarks (bench/), never
# by timed tests, which fail at random on a busy machine.
settings.register_profile(
    "dev", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# Hypothesis's own `ci` profile (fixed seed, no example database, print_blob) with more examples.
settings.register_profile("ci", parent=settings.get_profile("ci"), max_examples=300)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() in ("true", "1") else "dev")
)


def pytest_report_header() -> str:
    return f"hypothesis profile: {settings.get_current_profile_name()} ({settings().max_examples} examples)"


@pytest.fixture(autouse=True)
def private_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> object:
    """Every test starts in English whatever the machine's locale (a test asks for another
    language with --lang or by setting the variables), and leaves mendpath's words English."""
    from mendpath import i18n

    for name in i18n.LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    i18n.use(i18n.ENGLISH)
