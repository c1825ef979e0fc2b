"""The small JSON object kept in the metadata database in place of a stored value.

It carries everything `deserialize_value` needs (it receives only the stored value, no task context):
where the object is, how it was encoded, its size and checksum, what it holds (type, shape, the
library that wrote it) and which task pushed it, so errors can name their origin. It is a dict with
a version marker, so it can never be mistaken for a user's string, and the UI shows something a
person understands.

Format versions: 1 (xcomkit 0.1) recorded `sha256`; 2 records `checksum` as `<algorithm>:<value>`
and the value's `type`, `shape` and `writer`. This release reads both and writes 2; a worker on an
older release refuses a newer format with a message to upgrade it, never misreads it.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from xcomkit.errors import InvalidReferenceError

if TYPE_CHECKING:
    from xcomkit.location import Location

MARKER = "__xcomkit__"
FORMAT_VERSION = 2
_UPGRADE = "upgrade xcomkit on this worker to the release that wrote it (pip install -U xcomkit)"
_STRINGS = ("scheme", "bucket", "key", "codec", "compression", "checksum", "dag_id", "run_id", "task_id")


@dataclass(frozen=True)
class Reference:
    """Where one XCom value lives and how to check and decode it."""

    scheme: str
    bucket: str
    key: str
    codec: str
    compression: str
    size: int
    checksum: str
    dag_id: str
    run_id: str
    task_id: str
    map_index: int
    xcom_key: str
    type: str | None = None
    shape: tuple[int, ...] | None = None
    writer: str | None = None

    @property
    def rows(self) -> int | None:
        """Rows of a frame or table (the first dimension), if recorded."""
        return self.shape[0] if self.shape else None

    @property
    def columns(self) -> int | None:
        """Columns of a frame or table, for two-dimensional values."""
        return self.shape[1] if self.shape and len(self.shape) == 2 else None

    @property
    def url(self) -> str:
        """A readable address of the object (no credentials, no connection id)."""
        return f"file:///{self.key}" if self.scheme == "file" else f"{self.scheme}://{self.bucket}/{self.key}"

    @property
    def origin(self) -> str:
        """Name the task instance that pushed the value, for error messages."""
        mapped = f"[{self.map_index}]" if self.map_index >= 0 else ""
        return (
            f"dag {self.dag_id!r}, run {self.run_id!r}, task {self.task_id!r}{mapped}, key {self.xcom_key!r}"
        )

    def to_json(self) -> dict[str, Any]:
        """Return the JSON object stored in the metadata database."""
        body = {k: (list(v) if k == "shape" else v) for k, v in asdict(self).items() if v is not None}
        return {MARKER: FORMAT_VERSION, "url": self.url, **body}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Reference:
        """Parse a stored reference of any known format; refuse newer formats and malformed fields."""
        version = obj.get(MARKER)
        if type(version) is not int or version < 1:
            raise InvalidReferenceError(f"malformed XCom reference {obj!r}: bad {MARKER} marker", _UPGRADE)
        if version > FORMAT_VERSION:
            raise InvalidReferenceError(
                f"XCom reference format {version} is newer than this xcomkit understands "
                f"(format {FORMAT_VERSION})",
                _UPGRADE,
            )
        fields = {k: v for k, v in obj.items() if k not in (MARKER, "url")}
        if version == 1:
            fields = _from_v1(fields)
        if isinstance(fields.get("shape"), list):
            fields["shape"] = tuple(fields["shape"])
        try:
            ref = cls(**fields)
        except TypeError as err:
            raise InvalidReferenceError(
                f"malformed XCom reference {obj!r}: {err}",
                "the row was edited or written by another tool: clear the task to push it again",
            ) from err
        ref._check_types(obj)
        return ref

    def _check_types(self, obj: dict[str, Any]) -> None:
        for name in _STRINGS:
            if not isinstance(getattr(self, name), str):
                raise InvalidReferenceError(f"malformed XCom reference: {name} must be a string in {obj!r}")
        for name in ("size", "map_index"):
            value = getattr(self, name)
            if type(value) is not int or (name == "size" and value < 0):
                raise InvalidReferenceError(f"malformed XCom reference: {name} must be an integer in {obj!r}")

    def check_within(self, location: Location) -> None:
        """Refuse a reference that points outside `location` (its scheme, bucket and prefix).

        A reference in the database is input like any other: an edited row must not make a worker read
        or delete another bucket's objects or escape the prefix with `..`.
        """
        if not self.is_within(location):
            raise self.outside([location])

    def is_within(self, location: Location) -> bool:
        """Tell whether the reference names a plain key under `location`."""
        key = self.key
        return (
            self.scheme == location.scheme
            and self.bucket == location.bucket
            and not key.startswith("/")
            and "\\" not in key
            and posixpath.normpath(key) == key
            and key.startswith(location.prefix + "/")
        )

    def outside(self, locations: list[Location]) -> InvalidReferenceError:
        """Return the error for a reference under none of the configured locations."""
        where = ", ".join(f"{loc.url_of(loc.prefix)}/" for loc in locations)
        return InvalidReferenceError(
            f"XCom reference to {self.url} ({self.origin}) is not a plain key under any configured "
            f"location ({where})",
            "xcomkit only reads and deletes under [xcomkit] path and routes: point them back at the store "
            "that holds it",
            resource=self.url,
        )


def _from_v1(fields: dict[str, Any]) -> dict[str, Any]:
    """Map format 1's fields (sha256, rows, columns) onto format 2's (checksum, shape)."""
    fields = dict(fields)
    if "sha256" in fields:
        fields["checksum"] = f"sha256:{fields.pop('sha256')}"
    rows, columns = fields.pop("rows", None), fields.pop("columns", None)
    if rows is not None:
        fields["shape"] = [rows] if columns is None else [rows, columns]
    return fields


def from_db_column(value: Any) -> Any:
    """Undo the JSON text encoding(s) a value may carry in the XCom table's JSON column.

    Depending on the database and the Airflow minor, the column hands back a dict, or the JSON text of
    one (sometimes twice encoded, or as bytes). Inline values without the marker are returned as they
    are, without parsing them.
    """
    for _ in range(2):
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if not isinstance(value, str) or MARKER not in value:
            return value
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value


def is_reference(value: Any) -> bool:
    """Tell a stored reference from an inline value (inline values never carry the marker)."""
    return isinstance(value, dict) and MARKER in value
