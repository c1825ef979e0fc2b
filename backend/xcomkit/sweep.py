"""Find and delete orphaned XCom objects: in the store, referenced by no XCom row, past a grace period.

Airflow removes XCom rows without calling the backend when a DAG run is deleted (UI, REST API) or
`airflow db clean` runs, so their objects stay behind. The sweep lists the objects first and reads the
references second: a task that writes an object and then its row after the listing is seen in the
database read, and an object written during the sweep is younger than the grace period anyway. Only
keys under the configured prefix are ever listed or deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any

from xcomkit.errors import ConfigError, EnvironmentProblem
from xcomkit.keys import encode_segment
from xcomkit.reference import from_db_column, is_reference

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from xcomkit.location import Location
    from xcomkit.stores.base import ObjectInfo, Store

DELETE_CHUNK = 1000  # one S3 DeleteObjects request; also how often progress is reported
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")


def parse_duration(text: str) -> timedelta:
    """Parse `7d`, `12h`, `30m`, `90s` or `2w` into a timedelta."""
    match = _DURATION.match(text or "")
    if not match:
        raise ConfigError(
            f"{text!r} is not a duration", "use a whole number and a unit, e.g. 7d, 12h, 30m, 90s or 2w"
        )
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def sweep_prefix(location: Location, dag_id: str | None = None) -> str:
    """Return the listing prefix: the whole XCom area, or one DAG's directory `<prefix>/<dag_id>/`."""
    if dag_id is None:
        return location.prefix + "/"
    return f"{location.prefix}/{encode_segment(dag_id)}/"


def referenced_keys(values: Iterable[Any], location: Location) -> set[str]:
    """Collect the object keys that XCom values (as stored in the DB) reference in this store.

    A value may come back from the JSON column as a dict or as the JSON text of one. A reference whose
    scheme or bucket is another store's cannot protect anything here and is skipped; a malformed one
    still protects the key it names, since a sweep must err on the side of keeping.
    """
    keys: set[str] = set()
    for raw in values:
        value = from_db_column(raw)
        if not is_reference(value):
            continue
        if value.get("scheme", location.scheme) != location.scheme:
            continue
        if value.get("bucket", location.bucket) != location.bucket:
            continue
        if isinstance(value.get("key"), str):
            keys.add(value["key"])
    return keys


def referenced_keys_from_db(location: Location) -> set[str]:
    """Read every XCom value from Airflow's metadata database (its ORM) and collect referenced keys.

    Every row is read, whatever `--dag-id` says: a row copied or pushed from another DAG could point
    into this DAG's directory, and keeping such an object is always safe.
    """
    from airflow.models.xcom import XComModel  # noqa: PLC0415 - needs a configured Airflow
    from airflow.utils.session import create_session  # noqa: PLC0415
    from sqlalchemy import select  # noqa: PLC0415
    from sqlalchemy.exc import OperationalError, ProgrammingError  # noqa: PLC0415

    try:
        with create_session() as session:
            rows = session.execute(select(XComModel.value).execution_options(yield_per=1000)).scalars()
            return referenced_keys(rows, location)
    except (OperationalError, ProgrammingError) as err:
        raise EnvironmentProblem(
            f"cannot read the XCom table of Airflow's metadata database: {str(err.orig).strip()}",
            "run `airflow db migrate` (or point AIRFLOW__DATABASE__SQL_ALCHEMY_CONN at Airflow's database)",
        ) from err


@dataclass
class SweepResult:
    """What one sweep saw and did; `orphans` are the objects deleted (or, in a dry run, to delete)."""

    scanned: int = 0
    referenced: int = 0
    too_young: int = 0
    rewritten: int = 0
    deleted: int = 0
    bytes_freed: int = 0
    dry_run: bool = False
    orphans: list[ObjectInfo] = field(default_factory=list)

    @property
    def kept(self) -> int:
        """Objects left in place: referenced, inside the grace period, or rewritten during the sweep."""
        return self.referenced + self.too_young + self.rewritten

    def summary(self) -> dict[str, Any]:
        """Return the figures, for the CLI's table or JSON."""
        return {
            "scanned": self.scanned,
            "kept": self.kept,
            "referenced": self.referenced,
            "too_young": self.too_young,
            "rewritten": self.rewritten,
            "orphans": len(self.orphans),
            "deleted": self.deleted,
            "bytes_freed": self.bytes_freed,
            "dry_run": self.dry_run,
        }


def sweep(
    store: Store,
    *,
    older_than: timedelta,
    references: Callable[[], set[str]],
    dag_id: str | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> SweepResult:
    """List, then read references, then delete unreferenced objects last modified before the cutoff.

    Candidates are confirmed by a second listing and a second read of the references just before the
    deletes: a run deleted and re-created with the same run id rewrites the same keys, and such an
    object must not be taken for the orphan it replaced.

    :param references: called after each listing (see the module docstring for why the order matters).
    :param progress: called with ("scanned" | "deleted", count) as work advances, for a progress bar.
    """
    cutoff = (now or datetime.now(UTC)) - older_than
    prefix = sweep_prefix(store.location, dag_id)
    result = SweepResult(dry_run=dry_run)
    listed = _listing(store, prefix, progress)
    result.scanned = len(listed)
    candidates = _classify(
        result, "too_young", listed.values(), references(), lambda info: _aware(info.modified) > cutoff
    )
    if candidates and not dry_run:
        again = _listing(store, prefix, None)
        # Rewritten since the first listing: a live task's object under a re-used key.
        candidates = _classify(
            result,
            "rewritten",
            candidates,
            references(),
            lambda info: info.key in again and again[info.key].modified != info.modified,
        )
    result.orphans = candidates
    if dry_run:
        return result
    for chunk in _chunks(result.orphans, DELETE_CHUNK):
        store.delete_many(info.key for info in chunk)
        result.deleted += len(chunk)
        result.bytes_freed += sum(info.size for info in chunk)
        if progress is not None:
            progress("deleted", len(chunk))
    return result


def _classify(
    result: SweepResult,
    reason: str,
    infos: Iterable[ObjectInfo],
    keep: set[str],
    spare: Callable[[ObjectInfo], bool],
) -> list[ObjectInfo]:
    """Count referenced objects, and those `spare` keeps (as `reason`), into `result`; return the rest."""
    candidates = []
    for info in infos:
        if info.key in keep:
            result.referenced += 1
        elif spare(info):
            setattr(result, reason, getattr(result, reason) + 1)
        else:
            candidates.append(info)
    return candidates


def _listing(store: Store, prefix: str, progress: Callable[[str, int], None] | None) -> dict[str, ObjectInfo]:
    listed: dict[str, ObjectInfo] = {}
    for info in store.list(prefix):
        listed[info.key] = info
        if progress is not None and len(listed) % DELETE_CHUNK == 0:
            progress("scanned", DELETE_CHUNK)
    if progress is not None and len(listed) % DELETE_CHUNK:
        progress("scanned", len(listed) % DELETE_CHUNK)
    return listed


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _chunks(items: list[ObjectInfo], size: int) -> Iterator[list[ObjectInfo]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
