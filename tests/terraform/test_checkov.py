"""checkov on every module and root: no failed check, and every skip inline with a real reason."""

from __future__ import annotations

import json
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

from tests.terraform.conftest import ALL_DIRS, CHECKOV, PURE_MODULES, TF_DIR

MIN_REASON = 30  # characters: "# checkov:skip=ID:reason" must explain, not just name the skip


def run_checkov(directory: Path) -> dict:
    if not CHECKOV.exists():
        pytest.fail(f"{CHECKOV} is missing: run `make tf-tools`")
    proc = subprocess.run(
        [str(CHECKOV), "-d", str(directory), "--framework", "terraform", "--skip-download", "-o", "json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # Exit 1 means failed checks; anything else non-zero is checkov itself failing.
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout) if proc.stdout.strip() else {}
    if isinstance(report, list):  # one report per framework; we ask for terraform only
        (report,) = report
    return report


@pytest.fixture(scope="module")
def reports() -> dict[Path, dict]:
    # Two at a time: CI machines have two cores and checkov is CPU-bound.
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(ALL_DIRS, pool.map(run_checkov, ALL_DIRS), strict=True))


@pytest.mark.parametrize("directory", ALL_DIRS, ids=lambda p: str(p.relative_to(TF_DIR)))
def test_no_failed_checks(reports: dict[Path, dict], directory: Path) -> None:
    report = reports[directory]
    summary = report.get("summary", {"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0})
    failed = [
        f"{c['check_id']} {c['resource']} ({c['check_name']})"
        for c in report.get("results", {}).get("failed_checks", [])
    ]
    assert summary["failed"] == 0, "\n".join(failed)
    assert summary["parsing_errors"] == 0
    if directory.parent.name == "modules" and directory.name in PURE_MODULES:
        return  # provider-free: no resource for checkov to check
    assert summary["passed"] >= 5, f"checkov checked almost nothing in {directory}: {summary}"


@pytest.mark.parametrize("directory", ALL_DIRS, ids=lambda p: str(p.relative_to(TF_DIR)))
def test_every_skip_is_inline_with_a_reason(reports: dict[Path, dict], directory: Path) -> None:
    for check in reports[directory].get("results", {}).get("skipped_checks", []):
        reason = check["check_result"].get("suppress_comment", "")
        assert len(reason) >= MIN_REASON, f"{check['check_id']} on {check['resource']}: reason {reason!r}"
    # No skip outside an inline comment (no --skip-check, no .checkov.yaml): every skip in the
    # files is one checkov reported, so none is stale.
    inline = set()
    for path in directory.rglob("*.tf"):
        inline |= set(re.findall(r"#\s*checkov:skip=([A-Z0-9_]+):", path.read_text()))
    reported = {c["check_id"] for c in reports[directory].get("results", {}).get("skipped_checks", [])}
    if directory.parent == TF_DIR:  # roots: skips live in the module they call
        return
    assert inline == reported, f"skips that checkov did not use (stale?): {inline - reported}"


def test_checkov_does_fail_a_bad_bucket(tmp_path: Path) -> None:
    # Control: the same invocation reports failures for a public, unencrypted bucket.
    (tmp_path / "main.tf").write_text(
        'resource "google_storage_bucket" "b" {\n  name     = "b"\n  location = "EU"\n}\n'
        'resource "google_storage_bucket_iam_member" "m" {\n  bucket = google_storage_bucket.b.name\n'
        '  role   = "roles/storage.objectViewer"\n  member = "allUsers"\n}\n'
    )
    report = run_checkov(tmp_path)
    assert report["summary"]["failed"] >= 2
