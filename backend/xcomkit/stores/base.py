"""What a store is: put, get, delete and list objects under one location, with object rights only.

A store knows nothing of XCom: it moves bytes to and from keys and maps its SDK's errors to the kit's
(missing object, access denied naming the permission, credentials naming the connection id).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import datetime

    from xcomkit.location import Location


@dataclass(frozen=True)
class ObjectInfo:
    """One listed object."""

    key: str
    size: int
    modified: datetime


@runtime_checkable
class Store(Protocol):
    """Object operations under `location`; keys are full keys (they start with the prefix)."""

    location: Location

    def put(self, key: str, data: bytes) -> None:
        """Write the whole object; when this returns, a reader sees all of it."""
        ...

    def get(self, key: str) -> bytes:
        """Read the whole object; raise ObjectMissingError if it is not there."""
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
