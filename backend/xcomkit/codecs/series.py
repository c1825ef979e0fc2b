"""pandas Series as real Parquet files: a one-column frame, its name kept beside it.

pyarrow's pandas metadata restores the values' dtype (nullable Int64/boolean/string, categorical,
tz-aware datetimes) and the index (MultiIndex too), as for DataFrames. The name is not left to that
metadata: `to_frame()` turns a missing name into a column called `0`, indistinguishable from a
Series named `0`, and a tuple name into MultiIndex columns. The column is always called
`__xcomkit_series__`, and the name is written as tagged JSON under `xcomkit.series` in the schema
metadata, so `None`, `0`, `"0"`, `("a", 1)` and a Timestamp each come back as they were (a numpy
number as the Python number equal to it); other name types are refused. The frequency of a
DatetimeIndex or TimedeltaIndex, which pandas' metadata drops, is kept there too.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from xcomkit.codecs.base import Encoded, import_extra, library_version, loaded
from xcomkit.codecs.parquet import import_pyarrow
from xcomkit.errors import UnsupportedTypeError

if TYPE_CHECKING:
    import pandas as pd

VALUES = "__xcomkit_series__"
META_KEY = b"xcomkit.series"


def name_to_json(name: Any) -> Any:
    """Write a Series name as JSON that tells `0`, `"0"`, `None` and tuples apart."""
    if name is None or isinstance(name, (bool, int, float, str)):
        return {"value": name.item() if hasattr(name, "item") else name}
    if isinstance(name, tuple):
        return {"tuple": [name_to_json(part) for part in name]}
    pandas = loaded("pandas")
    if pandas is not None and isinstance(name, pandas.Timestamp):
        tz = None if name.tz is None else str(name.tz)
        return {"timestamp": name.isoformat(), "unit": name.unit, "tz": tz}
    numpy = loaded("numpy")
    if numpy is not None and isinstance(name, numpy.generic) and name.dtype.kind in "biuf":
        return {"value": name.item()}
    raise UnsupportedTypeError(
        f"cannot store the name {name!r} of a pandas Series: a name of type {type(name).__name__} "
        "has no exact form in the file",
        "rename the Series (series.rename(str(series.name))) or push series.to_frame()",
    )


def name_from_json(tree: dict[str, Any]) -> Any:
    """Undo `name_to_json`."""
    if "tuple" in tree:
        return tuple(name_from_json(part) for part in tree["tuple"])
    if "timestamp" in tree:
        pd = import_extra("pandas", "reading pandas Series", "pandas")
        stamp = pd.Timestamp(tree["timestamp"]).as_unit(tree["unit"])
        return stamp if tree["tz"] is None else stamp.tz_convert(tree["tz"])
    return tree["value"]


class SeriesCodec:
    """pandas Series ↔ Parquet (zstd inside the file)."""

    name = "series"
    extension = "parquet"
    compressible = False

    def accepts(self, value: Any) -> bool:
        """Accept pandas Series (without importing pandas: if it is not loaded, the value isn't one)."""
        pandas = loaded("pandas")
        return pandas is not None and isinstance(value, pandas.Series)

    def encode(self, value: pd.Series) -> Encoded:
        """Write the Series as a one-column Parquet file, its name in the schema metadata."""
        pq = import_pyarrow()
        import pandas as pd  # noqa: PLC0415
        import pyarrow as pa  # noqa: PLC0415

        index = value.index
        freq = index.freqstr if isinstance(index, (pd.DatetimeIndex, pd.TimedeltaIndex)) else None
        meta = json.dumps({"name": name_to_json(value.name), "freq": freq}).encode()
        try:
            table = pa.Table.from_pandas(value.to_frame(name=VALUES), preserve_index=None)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as err:
            raise UnsupportedTypeError(
                f"cannot store a pandas Series of dtype {value.dtype} as Parquet: {err}",
                "cast it to one type first (series.astype(...)), or push series.tolist() as JSON",
            ) from err
        table = table.replace_schema_metadata({**table.schema.metadata, META_KEY: meta})
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd")
        return Encoded(
            sink.getvalue().to_pybytes(),
            type="pandas.Series",
            shape=(len(value),),
            writer=library_version("pyarrow"),
        )

    def decode(self, data: bytes) -> pd.Series:
        """Read the file back into the same Series, name included."""
        pq = import_pyarrow()
        import pyarrow as pa  # noqa: PLC0415

        table = pq.read_table(pa.BufferReader(data))
        meta = json.loads(table.schema.metadata[META_KEY])
        series = table.to_pandas()[VALUES]
        series.name = name_from_json(meta["name"])
        if meta["freq"]:
            series.index = type(series.index)(series.index, freq=meta["freq"])
        return series
