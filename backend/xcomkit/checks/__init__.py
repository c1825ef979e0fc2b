"""Checks of a deployed setup, run by `xcomkit doctor` and by the smoke DAG's first task.

Each check has a status — passed, failed (with the fix) or not_checked (with why) — and the doctor
renders it. The common part — backend configured, settings valid, connection present, credentials
and bucket, put/get/delete under the prefix, no write outside it — runs on every store through the
`Store` protocol and reads the kit's errors by their class and fields. What only one cloud can tell
(listing every bucket or container, bucket IAM and ACLs, public access, encryption, shared keys)
lives in a per-scheme module listed in REGISTRY, imported lazily as the stores are. With routes,
every location is checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from xcomkit.errors import XComKitError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from xcomkit.config import Settings
    from xcomkit.location import Location

PASSED, FAILED, NOT_CHECKED = "passed", "failed", "not_checked"
GLYPHS = {PASSED: "✓", FAILED: "✗", NOT_CHECKED: "–"}

# scheme -> module with that cloud's checks: `checks(location, admin_conn_id)` yielding Check.
REGISTRY: dict[str, str] = {
    "s3": "xcomkit.checks.s3",
    "gs": "xcomkit.checks.gcs",
    "wasb": "xcomkit.checks.azure",
}


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    name: str
    status: str
    detail: str
    fix: str = ""

    @property
    def failed(self) -> bool:
        """True for failed only: a check that could not run does not fail the doctor."""
        return self.status == FAILED

    @classmethod
    def from_error(cls, name: str, err: XComKitError, *, status: str = FAILED, prefix: str = "") -> Check:
        """Build the check an error of the kit fails, with its detail and fix as they are."""
        return cls(name, status, f"{prefix}{err.detail}", err.fix)

    def as_row(self) -> dict[str, str]:
        """Return the row shown by `xcomkit doctor` (status as a word; the table adds the glyph)."""
        return {"status": self.status, "check": self.name, "detail": self.detail, "fix": self.fix}


class SetupError(XComKitError, RuntimeError):
    """The setup fails an essential check; `detail` names the check and what is wrong, `fix` the fix."""


def run_checks(*, essential_only: bool = False, admin_conn_id: str | None = None) -> list[Check]:
    """Run every check in order; later checks are skipped when what they need already failed."""
    from xcomkit.checks import common  # noqa: PLC0415 - imports Airflow

    results = list(common.configuration())
    if any(c.failed for c in results):
        return results
    settings = common.settings()
    for location in settings.locations:
        results += _location_checks(settings, location, essential_only=essential_only, admin=admin_conn_id)
    if not essential_only:
        from xcomkit.checks import preview  # noqa: PLC0415

        results += preview.checks(settings)
    return results


def _location_checks(
    settings: Settings, location: Location, *, essential_only: bool, admin: str | None
) -> list[Check]:
    from xcomkit.checks import common  # noqa: PLC0415

    suffix = f" ({location})" if len(settings.locations) > 1 else ""
    results: list[Check] = []
    for step in (common.connection, common.reachability, common.objects):
        results += _named(step(location), suffix)
        if any(c.failed for c in results):
            return results
    if essential_only:
        return results
    results += _named(common.outside_prefix(location), suffix)
    if location.scheme in REGISTRY:
        try:
            results += _named(import_module(REGISTRY[location.scheme]).checks(location, admin), suffix)
        except XComKitError as err:
            results.append(Check.from_error(f"{location.scheme}:// specific checks{suffix}", err))
    elif location.scheme != "file":
        results.append(
            Check(f"{location.scheme}:// specific checks{suffix}", NOT_CHECKED, "none for this store")
        )
    return results


def _named(checks: Iterator[Check], suffix: str) -> list[Check]:
    return [Check(c.name + suffix, c.status, c.detail, c.fix) for c in checks]


def assert_setup() -> Settings:
    """Raise SetupError naming the first failed essential check (what the smoke DAG starts with)."""
    from xcomkit.checks import common  # noqa: PLC0415

    for check in run_checks(essential_only=True):
        if check.failed:
            raise SetupError(f"{check.name}: {check.detail}", check.fix)
    return common.settings()
