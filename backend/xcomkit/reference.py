"""The small JSON object kept in the metadata database in place of a stored value.

It carries everything `deserialize_value` needs (it receives only the stored value, no task context):
where the object is, how it was encoded, its size and SHA-256, and which task pushed it, so errors can
name their origin. It is a dict with a version marker, so it can never be mistaken for a user's string,
and the UI shows something a person understands.
"""

from __future__ import annotations

import posixpath
from dataclasses import asdict, dataclass
from typing import Any

from xcomkit.errors import InvalidReferenceError

MARKER = "__xcomkit__"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Reference:
    """Where one XCom value lives and how to check and decode it."""

    scheme: str
    bucket: str
    key: str
    codec: str
    compression: str
    size: int
    sha256: str
    dag_id: str
    run_id: str
    task_id: str
    map_index: int
    xcom_key: str
    rows: int | None = None
    columns: int | None = None

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
        body = {k: v for k, v in asdict(self).items() if v is not None}
        return {MARKER: FORMAT_VERSION, "url": self.url, **body}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Reference:
        """Parse a stored reference; refuse newer formats and malformed fields with a clear message."""
        version = obj.get(MARKER)
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise InvalidReferenceError(
                f"XCom reference format {version!r} is newer than this xcomkit understands "
                f"(format {FORMAT_VERSION}): upgrade xcomkit on this worker to read it"
            )
        fields = {k: v for k, v in obj.items() if k not in (MARKER, "url")}
        try:
            ref = cls(**fields)
        except TypeError as err:
            raise InvalidReferenceError(f"malformed XCom reference {obj!r}: {err}") from err
        for name in ("scheme", "bucket", "key", "codec", "compression", "sha256"):
            if not isinstance(getattr(ref, name), str):
                raise InvalidReferenceError(f"malformed XCom reference: {name} must be a string in {obj!r}")
        if not isinstance(ref.size, int) or ref.size < 0:
            raise InvalidReferenceError(f"malformed XCom reference: size must be an integer >= 0 in {obj!r}")
        return ref

    def check_within(self, scheme: str, bucket: str, prefix: str) -> None:
        """Refuse a reference that points outside the configured store, bucket or prefix.

        A reference in the database is input like any other: an edited row must not make a worker read
        or delete another bucket's objects or escape the prefix with `..`.
        """
        where = f"XCom reference to {self.url} ({self.origin})"
        if self.scheme != scheme:
            raise InvalidReferenceError(
                f"{where} is for a {self.scheme!r} store but [xcomkit] path is a {scheme!r} store; "
                "point [xcomkit] path back at the store that holds it"
            )
        if self.bucket != bucket:
            raise InvalidReferenceError(
                f"{where} is in bucket {self.bucket!r}, not the configured bucket {bucket!r}; "
                "xcomkit only reads and deletes under [xcomkit] path"
            )
        key = self.key
        if (
            key.startswith("/")
            or "\\" in key
            or posixpath.normpath(key) != key
            or not key.startswith(prefix + "/")
        ):
            raise InvalidReferenceError(
                f"{where}: key {key!r} is not a plain key under the configured prefix {prefix!r}/"
            )


def is_reference(value: Any) -> bool:
    """Tell a stored reference from an inline value (inline values never carry the marker)."""
    return isinstance(value, dict) and MARKER in value
