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
                f"{option} = {url!r} has no scheme",
                "use s3://<conn_id>@<bucket>/<prefix>, gs://…, wasb://… or file:///<absolute directory>",
                resource=option,
            )
        if parts.query or parts.fragment:
            raise ConfigError(
                f"{option} = {url!r} carries a query or fragment",
                "remove the part after ? or #",
                resource=option,
            )
        prefix = _normalise_prefix(unquote(parts.path), url, option)
        if scheme == "file":
            if parts.netloc:
                raise ConfigError(
                    f"{option} = {url!r} names a host",
                    "a file path is file:///<absolute dir> (three slashes)",
                    resource=option,
                )
            if not prefix:
                raise ConfigError(
                    f"{option} = {url!r} is the filesystem root", "name a directory", resource=option
                )
            return cls("file", "", "", prefix)
        conn_id, at, bucket = parts.netloc.rpartition("@")
        if not at or not conn_id or not bucket:
            raise ConfigError(
                f"{option} = {url!r} lacks a connection id or a bucket",
                f"write it as {scheme}://<conn_id>@<bucket>/<prefix>",
                resource=option,
            )
        if not prefix:
            raise ConfigError(
                f"{option} = {url!r} has no prefix after the bucket: the kit's identity only has rights "
                "under one",
                f"add one, e.g. {scheme}://{conn_id}@{bucket}/xcom",
                resource=option,
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
        raise ConfigError(
            f"{option} = {url!r}: the prefix contains '.', '..' or '//' segments",
            "write the prefix as plain names separated by single slashes",
            resource=option,
        )
    return stripped
