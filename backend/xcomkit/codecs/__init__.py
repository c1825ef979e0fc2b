"""Codecs turn a value into bytes and back; `registry` picks one per value, by type."""

from __future__ import annotations

from xcomkit.codecs.base import Codec, Encoded
from xcomkit.codecs.registry import codec_for, get_codec, register_codec, registered_codec, unregister_codec

__all__ = [
    "Codec",
    "Encoded",
    "codec_for",
    "get_codec",
    "register_codec",
    "registered_codec",
    "unregister_codec",
]
