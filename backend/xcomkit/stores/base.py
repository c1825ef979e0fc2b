"""What a store is: put, get, delete and list objects under one location, with object rights only.

A store knows nothing of XCom: it moves bytes to and from keys, says which checksum vouches for an
object it wrote, and maps its SDK's errors to the kit's through one method, `translate_error`
(missing object, access denied naming the permission, credentials naming the connection id).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import datetime

    from xcomkit.errors import XComKitError
    from xcomkit.location import Location

# The operations a store performs; each store names the permission each one needs on its cloud.
Operation = Literal["put", "get", "delete", "list"]


@dataclass(frozen=True)
class ObjectInfo:
    """One listed object."""

    key: str
    size: int
    modified: datetime


class Store(Protocol):
    """Object operations under `location`; keys are full keys (they start with the prefix).

    `bucket` is the bucket or container name (empty for the local store) in every store.
    """

    location: Location
    bucket: str

    def put(self, key: str, data: bytes) -> str:
        """Write the whole object; when this returns, a reader sees all of it.

        Return the checksum that vouches for these bytes, as `<algorithm>:<value>` (see
        `xcomkit.checksums`): one the service computed and stores with the object where it does,
        else one computed here.
        """
        ...

    def get(self, key: str, checksum: str | None = None) -> bytes:
        """Read the whole object; raise ObjectMissingError if it is not there.

        With `checksum` (as `put` returned it), raise IntegrityError unless the bytes read are the
        bytes written.
        """
        ...

    def get_range(self, key: str, start: int, length: int) -> bytes:
        """Read `length` bytes from offset `start` (fewer at the end of the object), unchecked."""
        ...

    def delete(self, key: str) -> None:
        """Delete the object; a missing object is not an error."""
        ...

    def delete_many(self, keys: Iterable[str]) -> int:
        """Delete objects in as few requests as the service allows; return how many were asked."""
        ...

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        """List objects whose key starts with `prefix`."""
        ...

    def translate_error(self, err: Exception, operation: str, key: str) -> XComKitError:
        """Turn an SDK error into the kit's, naming the bucket, key, connection, permission and fix.

        `operation` is one of `Operation`, or a permission name of the store's cloud for calls the
        doctor makes (e.g. `s3:ListAllMyBuckets`).
        """
        ...
