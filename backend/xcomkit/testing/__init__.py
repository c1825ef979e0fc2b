"""Public contract suites for stores and codecs, shipped in the wheel for third-party backends.

As fsspec's `tests/abstract`: subclass `StoreContract` or `CodecContract` in a test module, provide
the fixtures its docstring lists, and pytest runs every contract test against your implementation.
They need pytest (`pip install 'xcomkit[testing]'`); nothing here starts a server.
"""

from __future__ import annotations

from xcomkit.testing.codec_contract import CodecContract
from xcomkit.testing.store_contract import StoreContract

__all__ = ["CodecContract", "StoreContract"]
