"""numpy arrays as real `.npy` files (`np.save`/`np.load`, never pickle).

The `.npy` header records dtype (byte order included), shape and memory order, so all three come
back exactly: a Fortran-ordered array is written and read in Fortran order. A non-contiguous view is
stored as its C-ordered copy (its strides describe the parent's buffer, not the value). Object arrays
(and the variable-width `StringDType`, stored as Python objects) are refused: `.npy` can hold them
only as pickle, which this kit never writes. Subclasses (masked arrays, `np.matrix`) are refused too:
`.npy` keeps only the plain array, so the mask or the subclass would be lost without a word.
Numpy scalars are not arrays; they go to JSON through Airflow's serde.

Named `ndarray` so that inside this package `numpy` still means numpy.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from xcomkit.codecs.base import Encoded, import_extra, library_version, loaded, qualified_name
from xcomkit.errors import UnsupportedTypeError

if TYPE_CHECKING:
    import numpy as np


def _numpy() -> Any:
    return import_extra("numpy", "storing numpy arrays as .npy", "numpy")


class NdarrayCodec:
    """numpy ndarray ↔ `.npy`."""

    name = "numpy"
    extension = "npy"
    compressible = True

    def accepts(self, value: Any) -> bool:
        """Accept numpy arrays (subclasses too, so that `encode` can say why it refuses them)."""
        numpy = loaded("numpy")
        return numpy is not None and isinstance(value, numpy.ndarray)

    def encode(self, value: np.ndarray) -> Encoded:
        """Write the array with its header; refuse what `.npy` could hold only as pickle."""
        numpy = _numpy()
        if type(value) is not numpy.ndarray:
            raise UnsupportedTypeError(
                f"cannot store a {qualified_name(value)} (a numpy.ndarray subclass) as .npy: "
                "what the subclass adds (a mask, matrix semantics) would be lost",
                "push numpy.asarray(value) if the plain array is what you mean, or the parts "
                "separately (e.g. value.data and value.mask of a masked array)",
            )
        if value.dtype.hasobject:
            raise UnsupportedTypeError(
                f"cannot store a numpy array of dtype {value.dtype} (shape {value.shape}): its items "
                "are Python objects, which .npy holds only as pickle",
                "convert it to a fixed dtype (value.astype('U') for strings, value.astype(float) for "
                "numbers) or push value.tolist() to store it as JSON",
            )
        buffer = io.BytesIO()
        numpy.save(buffer, value, allow_pickle=False)
        return Encoded(
            buffer.getvalue(),
            type="numpy.ndarray",
            shape=tuple(int(n) for n in value.shape),
            writer=library_version("numpy"),
        )

    def decode(self, data: bytes) -> np.ndarray:
        """Read the `.npy` file back into a writable array of the same dtype, shape and order."""
        return _numpy().load(io.BytesIO(data), allow_pickle=False)
