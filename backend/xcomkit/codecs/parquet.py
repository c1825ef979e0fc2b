"""pandas DataFrames as real Parquet files, written and read by pyarrow.

dtypes (nullable integers, categoricals, tz-aware datetimes, strings), the index (MultiIndex too) and
column names round-trip exactly through pandas' metadata in the file; no hex, no JSON wrapper.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xcomkit.codecs.base import Encoded, library_version, loaded
from xcomkit.errors import MissingExtraError

if TYPE_CHECKING:
    import pandas as pd


# Small pages, so a reader of the first rows (the UI preview) fetches little: every column's first
# data page needs its whole dictionary page, and pyarrow's 1 MiB default fills one per column of
# distinct floats before it falls back to plain encoding. Measured on a 1M-row, 8-column frame (3
# columns of random floats, 1 of distinct strings): preview 4.48 MB → 0.78 MB read, file 33.7 → 32.1
# MB, write 0.59 → 0.31 s, read 0.42 → 0.15 s.
PAGE_LAYOUT = {"dictionary_pagesize_limit": 128 * 1024, "data_page_size": 256 * 1024}


def is_dataframe(value: Any) -> bool:
    """Tell a DataFrame without importing pandas for every value (if pandas is not loaded, it isn't one)."""
    pandas = loaded("pandas")
    return pandas is not None and isinstance(value, pandas.DataFrame)


def import_pyarrow() -> Any:
    """Import pyarrow.parquet or say which extra to install."""
    try:
        import pyarrow.parquet as pq  # noqa: PLC0415
    except ImportError as err:
        raise MissingExtraError(
            f"storing DataFrames as Parquet needs pyarrow, which is not installed ({err})",
            "pip install 'xcomkit[pandas]'",
        ) from err
    return pq


class ParquetCodec:
    """pandas DataFrame ↔ Parquet (zstd inside the file)."""

    name = "parquet"
    extension = "parquet"
    compressible = False

    def accepts(self, value: Any) -> bool:
        """Accept pandas DataFrames."""
        return is_dataframe(value)

    def encode(self, value: pd.DataFrame) -> Encoded:
        """Write the frame, its index and pandas metadata into an in-memory Parquet file."""
        pq = import_pyarrow()
        import pyarrow as pa  # noqa: PLC0415

        table = pa.Table.from_pandas(value, preserve_index=None)
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd", **PAGE_LAYOUT)
        return Encoded(
            sink.getvalue().to_pybytes(),
            type="pandas.DataFrame",
            shape=value.shape,
            writer=library_version("pyarrow"),
        )

    def decode(self, data: bytes) -> pd.DataFrame:
        """Read the Parquet file back into the same DataFrame."""
        pq = import_pyarrow()
        import pyarrow as pa  # noqa: PLC0415

        return pq.read_table(pa.BufferReader(data)).to_pandas()
