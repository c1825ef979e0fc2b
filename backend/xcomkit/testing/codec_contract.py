"""The codec contract: exact round trips, a real file in the format, clear refusals, the right pick.

Provide, as fixtures of the subclass:

- `codec`: the codec under test;
- `examples`: name → value, every one of which must come back equal and of the same type;
- `refusals` (optional): name → (value, error class, regex its message must match);
- `read_native` (optional): bytes → value, the format's own reader (pyarrow, numpy, polars, json),
  proving the object is a real file a person can open; return None from the fixture if there is none.

Override `assert_same(got, expected)` where `==` is not exactness (frames, arrays), and
`assert_native(native, expected)` to compare what the format's own reader returned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from xcomkit.codecs.registry import codec_for, get_codec

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit.codecs.base import Codec


class CodecContract:
    """Every codec passes these; subclass it as `TestMyCodec(CodecContract)` with the fixtures above."""

    @pytest.fixture
    def refusals(self) -> dict[str, tuple[Any, type[Exception], str]]:
        """No refusals unless the subclass lists them."""
        return {}

    @pytest.fixture
    def read_native(self) -> Callable[[bytes], Any] | None:
        """No native reader unless the subclass gives one."""
        return None

    def assert_same(self, got: Any, expected: Any) -> None:
        """Exact: same type and equal (override for values whose `==` is not a bool)."""
        assert type(got) is type(expected), f"{type(got).__name__} came back for {type(expected).__name__}"
        assert got == expected

    def assert_native(self, native: Any, expected: Any) -> None:
        """Check what the format's own reader returned holds the value (default: as a round trip)."""
        self.assert_same(native, expected)

    def test_examples_round_trip_exactly(self, codec: Codec, examples: dict[str, Any]) -> None:
        assert examples, "give at least one example"
        for name, value in examples.items():
            encoded = codec.encode(value)
            assert isinstance(encoded.data, bytes), name
            try:
                self.assert_same(codec.decode(encoded.data), value)
            except AssertionError as err:
                raise AssertionError(f"example {name!r} did not round-trip exactly: {err}") from err

    def test_reference_metadata_describes_the_value(self, codec: Codec, examples: dict[str, Any]) -> None:
        for name, value in examples.items():
            encoded = codec.encode(value)
            assert encoded.type, f"example {name!r}: no type recorded"
            if encoded.shape is not None:
                assert all(isinstance(n, int) and n >= 0 for n in encoded.shape), name

    def test_object_opens_with_the_formats_own_reader(
        self, codec: Codec, examples: dict[str, Any], read_native: Callable[[bytes], Any] | None
    ) -> None:
        if read_native is None:
            pytest.skip(f"{codec.name} has no format reader of its own")
        for name, value in examples.items():
            try:
                self.assert_native(read_native(codec.encode(value).data), value)
            except AssertionError as err:
                raise AssertionError(f"example {name!r} read by the format's reader: {err}") from err

    def test_refusals_say_why(
        self, codec: Codec, refusals: dict[str, tuple[Any, type[Exception], str]]
    ) -> None:
        if not refusals:
            pytest.skip(f"{codec.name} refuses nothing it accepts")
        for value, error, match in refusals.values():
            with pytest.raises(error, match=match):
                codec_for(value).encode(value)

    def test_each_example_picks_this_codec(self, codec: Codec, examples: dict[str, Any]) -> None:
        for name, value in examples.items():
            picked = codec_for(value, "csv" if codec.name == "csv" else "parquet")
            assert picked.name == codec.name, f"example {name!r} went to codec {picked.name!r}"

    def test_decodes_by_name(self, codec: Codec) -> None:
        assert get_codec(codec.name).name == codec.name
