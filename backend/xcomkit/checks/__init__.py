"""Checks of a deployed setup, run by `xcomkit doctor` and by the smoke DAG's first task.

Each check says ✓ (passed), ✗ (failed, with the fix) or – (could not be checked, with why). The
common part — backend configured, settings valid, connection present, put/get/delete under the
prefix, no write outside it — runs on every store through the `Store` protocol; what only one cloud
can tell (S3: list all buckets, change the bucket policy, public access block, encryption) lives in
a per-scheme module listed in REGISTRY, imported lazily as the stores are.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from xcomkit.errors import XComKitError

if TYPE_CHECKING:
    from types import ModuleType

    from xcomkit.config import Settings

OK, FAILED, SKIPPED = "✓", "✗", "–"

# scheme -> module with that cloud's checks: `reachability(settings)` (replaces the generic one) and
# `checks(settings, admin_conn_id)`, both yielding Check.
REGISTRY: dict[str, str] = {
    "s3": "xcomkit.checks.s3",
}


@dataclass(frozen=True)
class Check:
    """One line of the doctor's table."""

    name: str
    status: str
    detail: str
    fix: str = ""

    @property
    def failed(self) -> bool:
        """True for ✗ only: a check that could not run (–) does not fail the doctor."""
        return self.status == FAILED

    def as_row(self) -> dict[str, str]:
        """Return the row shown by `xcomkit doctor` (table or JSON)."""
        return {"status": self.status, "check": self.name, "detail": self.detail, "fix": self.fix}


class SetupError(XComKitError, RuntimeError):
    """The setup fails an essential check; the message names the check, what is wrong and the fix."""


def run_checks(*, essential_only: bool = False, admin_conn_id: str | None = None) -> list[Check]:
    """Run every check in order; later checks are skipped (–) when what they need already failed."""
    from xcomkit.checks import common  # noqa: PLC0415 - imports Airflow

    results = list(common.configuration())
    if any(c.failed for c in results):
        return results
    settings = common.settings()
    results += common.connection(settings)
    if any(c.failed for c in results):
        return results
    cloud = _cloud_module(settings.location.scheme)
    results += getattr(cloud, "reachability", common.reachability)(settings)
    if any(c.failed for c in results):
        return results
    results += common.objects(settings)
    if essential_only:
        return results
    results += common.outside_prefix(settings)
    if cloud is None:
        results.append(
            Check(
                f"{settings.location.scheme}:// specific checks",
                SKIPPED,
                "none for this store yet (listing buckets, policy changes, public access, encryption)",
            )
        )
    else:
        results += cloud.checks(settings, admin_conn_id)
    return results


def assert_setup() -> Settings:
    """Raise SetupError naming the first failed essential check (what the smoke DAG starts with)."""
    from xcomkit.checks import common  # noqa: PLC0415

    for check in run_checks(essential_only=True):
        if check.failed:
            raise SetupError(f"{check.name}: {check.detail}. Fix: {check.fix}")
    return common.settings()


def _cloud_module(scheme: str) -> ModuleType | None:
    return import_module(REGISTRY[scheme]) if scheme in REGISTRY else None
