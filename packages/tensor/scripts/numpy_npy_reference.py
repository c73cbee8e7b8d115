"""Writes the NumPy-made .npy files that packages/tensor/src/npy tests read.

Run from anywhere:  python3 packages/tensor/scripts/numpy_npy_reference.py
Writes src/npy/__reference__/*.npy and src/npy/__reference__/expected.json (what each file holds,
as NumPy itself reads it back). Tests never call Python; they read these committed files.
"""

import json
import math
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "npy", "__reference__")


def json_value(v):
    """One element as JSON: int64 as a decimal string (exact), non-finite floats as strings."""
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        return str(int(v)) if v.dtype.itemsize == 8 else int(v)
    f = float(v)
    if math.isnan(f):
        return "nan"
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    if f == 0 and math.copysign(1, f) < 0:
        return "-0"
    return f


def describe(name, arr, version):
    """What NumPy reads back from the file: header fields and the C-order values."""
    path = os.path.join(OUT, name)
    back = np.load(path)
    with open(path, "rb") as f:
        major, minor = np.lib.format.read_magic(f)
        header = (np.lib.format.read_array_header_1_0 if major == 1 else np.lib.format.read_array_header_2_0)(f)
    assert (major, minor) == version, (name, major, minor)
    assert np.array_equal(back, arr, equal_nan=arr.dtype.kind == "f"), name
    shape, fortran_order, dtype = header
    return {
        "descr": np.lib.format.dtype_to_descr(dtype),
        "shape": list(shape),
        "fortran_order": bool(fortran_order),
        "version": f"{major}.{minor}",
        "values": [json_value(v) for v in back.ravel(order="C")],
    }


def save(name, arr):
    np.save(os.path.join(OUT, name), arr)
    return describe(name, arr, (1, 0))


def save_version(name, arr, version):
    with open(os.path.join(OUT, name), "wb") as f:
        np.lib.format.write_array(f, arr, version=version)
    return describe(name, arr, version)


def main():
    os.makedirs(OUT, exist_ok=True)
    grid = np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 8 - 1.25
    expected = {
        # one file per supported dtype (C order, version 1.0, as np.save writes them)
        "f8_2x3.npy": save("f8_2x3.npy", np.array([[1.5, -2.25, 1e-300], [3e300, np.pi, -0.1]])),
        "f8_special.npy": save("f8_special.npy", np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324])),
        "f4_5.npy": save("f4_5.npy", np.array([0.1, -2.5, 3.4e38, 1e-45, 7], dtype=np.float32)),
        "i8_2x2.npy": save("i8_2x2.npy", np.array([[-(2**53) + 1, 2**53 - 1], [0, -7]], dtype=np.int64)),
        "i8_big.npy": save("i8_big.npy", np.array([1, 2**62 + 1, -(2**63)], dtype=np.int64)),
        "i4_4.npy": save("i4_4.npy", np.array([-(2**31), 2**31 - 1, 0, -5], dtype=np.int32)),
        "u1_2x3.npy": save("u1_2x3.npy", np.array([[0, 1, 127], [128, 254, 255]], dtype=np.uint8)),
        "i1_4.npy": save("i1_4.npy", np.array([-128, -1, 0, 127], dtype=np.int8)),
        "b1_2x2.npy": save("b1_2x2.npy", np.array([[True, False], [False, True]])),
        # shapes: scalar, zero-size, 1-D of one element, 3-D
        "f8_scalar.npy": save("f8_scalar.npy", np.array(3.5)),
        "f8_0x3.npy": save("f8_0x3.npy", np.zeros((0, 3))),
        "i4_empty.npy": save("i4_empty.npy", np.zeros((0,), dtype=np.int32)),
        "f8_1.npy": save("f8_1.npy", np.array([42.0])),
        "f8_2x3x4.npy": save("f8_2x3x4.npy", grid),
        # a header whose alignment padding is a full 64 bytes (NumPy never pads by 0)
        "f8_36d_full_pad.npy": save("f8_36d_full_pad.npy", np.arange(6.0).reshape((2,) + (1,) * 34 + (3,)) / 4),
        # a transposed view written C-contiguously (what writeNpy must produce for a strided tensor)
        "f8_4x3x2_transposed.npy": save("f8_4x3x2_transposed.npy", np.ascontiguousarray(grid.transpose(2, 1, 0))),
        # big-endian
        "be_f8_2x3.npy": save("be_f8_2x3.npy", np.array([[1.5, -2.25, 1e-300], [3e300, np.pi, -0.1]], dtype=">f8")),
        "be_f4_3.npy": save("be_f4_3.npy", np.array([0.1, -2.5, 7], dtype=">f4")),
        "be_i8_3.npy": save("be_i8_3.npy", np.array([-(2**53) + 1, 5, 2**40], dtype=">i8")),
        "be_i4_3.npy": save("be_i4_3.npy", np.array([-(2**31), 2**31 - 1, 3], dtype=">i4")),
        # Fortran order: same values as f8_2x3x4.npy / i4_2x3 stored column-major
        "f8_2x3x4_fortran.npy": save("f8_2x3x4_fortran.npy", np.asfortranarray(grid)),
        "i4_2x3_fortran.npy": save("i4_2x3_fortran.npy", np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3))),
        # header versions 2.0 and 3.0
        "f8_2x3x4_v2.npy": save_version("f8_2x3x4_v2.npy", grid, (2, 0)),
        "f8_2x3x4_v3.npy": save_version("f8_2x3x4_v3.npy", grid, (3, 0)),
    }

    # files that must be rejected (no values: reading them is an error)
    np.save(os.path.join(OUT, "object.npy"), np.array([1, "a", None], dtype=object), allow_pickle=True)
    np.save(os.path.join(OUT, "c16_2.npy"), np.array([1 + 2j, 3j]))
    np.save(os.path.join(OUT, "structured.npy"), np.zeros(2, dtype=[("x", "<f8"), ("y", "<i4")]))
    rejected = {
        "object.npy": np.lib.format.dtype_to_descr(np.load(os.path.join(OUT, "object.npy"), allow_pickle=True).dtype),
        "c16_2.npy": np.lib.format.dtype_to_descr(np.load(os.path.join(OUT, "c16_2.npy")).dtype),
        "structured.npy": str(np.lib.format.dtype_to_descr(np.load(os.path.join(OUT, "structured.npy")).dtype)),
    }

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"numpy": np.__version__, "files": expected, "rejected": rejected}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
