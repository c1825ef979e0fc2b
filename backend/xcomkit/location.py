"""A store location: `<scheme>://<conn_id>@<bucket>/<prefix>` parsed into its parts, and back."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from xcomkit.errors import ConfigError


@dataclass(frozen=True)
class Location:
    """Where a store keeps objects.

    For `file` the bucket is empty and the prefix is the absolute directory (without its leading
    slash); for object stores the bucket is the bucket or container and the prefix has no slashes at
    either end.
    """

    scheme: str
    conn_id: str
    bucket: str
    prefix: str

    @classmethod
    def parse(cls, url: str, *, option: str = "[xcomkit] path") -> Location:
        """Parse a configured path, naming the option and the expected shape when it is malformed."""
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if not scheme:
            raise ConfigError(
                f"{option} = {url!r} has no scheme: use s3://<conn_id>@<bucket>/<prefix>, "
                "gs://…, wasb://… or file:///<absolute directory>"
            )
        if parts.query or parts.fragment:
            raise ConfigError(f"{option} = {url!r} must not carry a query or fragment")
        prefix = _normalise_prefix(unquote(parts.path), url, option)
        if scheme == "file":
            if parts.netloc:
                raise ConfigError(
                    f"{option} = {url!r}: a file path is file:///<absolute dir> (three slashes)"
                )
            if not prefix:
                raise ConfigError(f"{option} = {url!r}: name a directory, not the filesystem root")
            return cls("file", "", "", prefix)
        conn_id, at, bucket = parts.netloc.rpartition("@")
        if not at or not conn_id or not bucket:
            raise ConfigError(
                f"{option} = {url!r} needs a connection id and a bucket: "
                f"{scheme}://<conn_id>@<bucket>/<prefix>"
            )
        if not prefix:
            raise ConfigError(
                f"{option} = {url!r} needs a prefix after the bucket "
                f"(e.g. {scheme}://{conn_id}@{bucket}/xcom): the kit's identity only has rights under it"
            )
        return cls(scheme, unquote(conn_id), bucket, prefix)

    def __str__(self) -> str:
        if self.scheme == "file":
            return f"file:///{self.prefix}"
        return f"{self.scheme}://{self.conn_id}@{self.bucket}/{self.prefix}"

    def url_of(self, key: str) -> str:
        """Return a human-readable URL of one object (no connection id)."""
        if self.scheme == "file":
            return f"file:///{key}"
        return f"{self.scheme}://{self.bucket}/{key}"


def _normalise_prefix(path: str, url: str, option: str) -> str:
    stripped = path.strip("/")
    if stripped and posixpath.normpath(stripped) != stripped:
        raise ConfigError(f"{option} = {url!r}: the prefix must not contain '.', '..' or '//' segments")
    return stripped
