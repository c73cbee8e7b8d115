"""NumPy baseline for bench/conv.bench.ts: im2col convolution forward + backward (col2im), NHWC.

Vectorised the usual way: im2col through a strided sliding-window view copied into a
[N*OH*OW, FH*FW*C] matrix, both products through BLAS, col2im as FH*FW strided slice additions.
Prints {"median_ms": ..., "runs": ..., "shape": ...} as one JSON line.

usage: python3 numpy_conv_bench.py [--runs R] [--n N --h H --w W --c C --fh FH --fw FW --cout COUT --stride S --pad P]
"""
import argparse
import json
import time

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv_forward(x, w, b, stride, pad):
    """x: [N, H, W, C], w: [FH, FW, C, Cout], b: [Cout] -> out [N, OH, OW, Cout], cache"""
    n, h, wd, c = x.shape
    fh, fw, _, cout = w.shape
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    oh = (h + 2 * pad - fh) // stride + 1
    ow = (wd + 2 * pad - fw) // stride + 1
    # windows: [N, HP-FH+1, WP-FW+1, C, FH, FW] -> strided -> [N, OH, OW, FH, FW, C]
    win = sliding_window_view(xp, (fh, fw), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    cols = np.ascontiguousarray(win.transpose(0, 1, 2, 4, 5, 3)).reshape(n * oh * ow, fh * fw * c)
    out = cols @ w.reshape(fh * fw * c, cout) + b
    return out.reshape(n, oh, ow, cout), (x.shape, xp.shape, w, cols, stride, pad)


def conv_backward(dout, cache):
    """dout: [N, OH, OW, Cout] -> dx [N, H, W, C], dw [FH, FW, C, Cout], db [Cout]"""
    x_shape, xp_shape, w, cols, stride, pad = cache
    fh, fw, c, cout = w.shape
    n, oh, ow, _ = dout.shape
    d2 = dout.reshape(-1, cout)
    db = d2.sum(axis=0)
    dw = (cols.T @ d2).reshape(w.shape)
    dcols = (d2 @ w.reshape(-1, cout).T).reshape(n, oh, ow, fh, fw, c)
    dxp = np.zeros(xp_shape)
    for kh in range(fh):
        for kw in range(fw):
            dxp[:, kh:kh + stride * oh:stride, kw:kw + stride * ow:stride, :] += dcols[:, :, :, kh, kw, :]
    h, wd = x_shape[1], x_shape[2]
    dx = dxp[:, pad:pad + h, pad:pad + wd, :]
    return dx, dw, db


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=15)
    for k, v in dict(n=8, h=32, w=32, c=3, fh=5, fw=5, cout=16, stride=1, pad=2).items():
        p.add_argument(f"--{k}", type=int, default=v)
    a = p.parse_args()
    rng = np.random.default_rng(0)
    x = rng.standard_normal((a.n, a.h, a.w, a.c))
    w = rng.standard_normal((a.fh, a.fw, a.c, a.cout))
    b = rng.standard_normal(a.cout)
    out, _ = conv_forward(x, w, b, a.stride, a.pad)
    dout = rng.standard_normal(out.shape)
    times = []
    for _ in range(a.runs + 2):
        t0 = time.perf_counter()
        out, cache = conv_forward(x, w, b, a.stride, a.pad)
        conv_backward(dout, cache)
        times.append((time.perf_counter() - t0) * 1000)
    times = sorted(times[2:])  # first two runs are warm-up
    print(json.dumps({"median_ms": times[len(times) // 2], "runs": a.runs, "numpy": np.__version__,
                      "x": [a.n, a.h, a.w, a.c], "w": [a.fh, a.fw, a.c, a.cout], "stride": a.stride, "pad": a.pad}))


if __name__ == "__main__":
    main()
