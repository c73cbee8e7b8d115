"""Writes what NumPy computes for the two-layer net checks of spec C, for packages/models tests.

Run from anywhere:  python3 packages/models/scripts/numpy_two_layer_reference.py
Writes src/__reference__/two-layer-net.json. Tests never call Python; they read that committed file.
Floats are written by json (repr), which round-trips float64 exactly.

The net below is the course notebook's neural_net.py (layout 'HD': W1 [H, D], W2 [C, H]) written
again from the spec, on one RandomState per stream instead of the global np.random state.
"""

import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "__reference__", "two-layer-net.json")


def init_hd(rs, d, h, c, std):
    return {
        "W1": std * rs.randn(h, d), "b1": np.zeros(h),
        "W2": std * rs.randn(c, h), "b2": np.zeros(c),
    }


def loss_hd(p, X, y=None, reg=0.0):
    hidden = np.maximum(0, X.dot(p["W1"].T) + p["b1"])
    scores = hidden.dot(p["W2"].T) + p["b2"]
    if y is None:
        return scores, None
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= probs.sum(axis=1, keepdims=True)
    n = X.shape[0]
    loss = -np.log(probs[np.arange(n), y]).mean() + 0.5 * reg * (np.sum(p["W1"] ** 2) + np.sum(p["W2"] ** 2))
    dscores = probs.copy()
    dscores[np.arange(n), y] -= 1
    dscores /= n
    grads = {"W2": dscores.T.dot(hidden) + reg * p["W2"], "b2": dscores.sum(axis=0)}
    dhidden = dscores.dot(p["W2"])
    dhidden[hidden <= 0] = 0
    grads["W1"] = dhidden.T.dot(X) + reg * p["W1"]
    grads["b1"] = dhidden.sum(axis=0)
    return loss, grads


def predict_hd(p, X):
    return np.argmax(loss_hd(p, X)[0], axis=1)


def train_hd(rs, p, X, y, Xv, yv, lr, decay, reg, num_iters, batch_size):
    """neural_net.py's train: choice with replacement, decay when it % iterations_per_epoch == 0."""
    num_train = X.shape[0]
    iterations_per_epoch = max(num_train / batch_size, 1)
    out = {"batches": [], "loss": [], "trainAcc": [], "valAcc": []}
    for it in range(num_iters):
        idx = rs.choice(num_train, batch_size)
        out["batches"].append(idx.tolist())
        loss, grads = loss_hd(p, X[idx], y[idx], reg)
        out["loss"].append(float(loss))
        for k in p:
            p[k] -= lr * grads[k]
        if it % iterations_per_epoch == 0:
            out["trainAcc"].append(float((predict_hd(p, X[idx]) == y[idx]).mean()))
            out["valAcc"].append(float((predict_hd(p, Xv) == yv).mean()))
            lr *= decay
    return out


def toy():
    model_rs = np.random.RandomState(0)
    p = init_hd(model_rs, 4, 10, 3, 1e-1)
    data_rs = np.random.RandomState(1)
    X = 10 * data_rs.randn(5, 4)
    y = np.array([0, 1, 2, 2, 1])
    scores, _ = loss_hd(p, X)
    loss, _ = loss_hd(p, X, y, reg=0.05)
    loss0, _ = loss_hd(p, X, y, reg=0.0)
    return {"W1": p["W1"].tolist(), "W2": p["W2"].tolist(), "X": X.tolist(), "y": y.tolist(),
            "scores": scores.tolist(), "lossReg005": float(loss), "lossReg0": float(loss0)}


def linspace_case():
    """The layer-based (DH) layout's deterministic check: no RNG anywhere."""
    N, D, H, C = 3, 5, 50, 7
    W1 = np.linspace(-0.7, 0.3, num=D * H).reshape(D, H)
    b1 = np.linspace(-0.1, 0.9, num=H)
    W2 = np.linspace(-0.3, 0.4, num=H * C).reshape(H, C)
    b2 = np.linspace(-0.9, 0.1, num=C)
    X = np.linspace(-5.5, 4.5, num=N * D).reshape(D, N).T
    y = np.array([0, 5, 1])
    # the DH net is the HD net with transposed weights
    p = {"W1": W1.T, "b1": b1, "W2": W2.T, "b2": b2}
    scores, _ = loss_hd(p, X)
    return {"scores": scores.tolist(), "lossReg0": float(loss_hd(p, X, y, 0.0)[0]),
            "lossReg1": float(loss_hd(p, X, y, 1.0)[0])}


def training():
    """A small seeded problem: model stream seed 3 (weights, then one choice per iteration), data seed 4."""
    N, D, H, C = 50, 4, 10, 3
    data_rs = np.random.RandomState(4)
    X = data_rs.randn(N, D)
    y = data_rs.randint(0, C, N)
    Xv = data_rs.randn(10, D)
    yv = data_rs.randint(0, C, 10)
    model_rs = np.random.RandomState(3)
    p = init_hd(model_rs, D, H, C, 1e-1)
    config = {"learningRate": 0.5, "learningRateDecay": 0.9, "reg": 1e-3, "numIters": 30, "batchSize": 20}
    hist = train_hd(model_rs, p, X, y, Xv, yv, config["learningRate"], config["learningRateDecay"],
                    config["reg"], config["numIters"], config["batchSize"])
    return {"modelSeed": 3, "dataSeed": 4, "N": N, "D": D, "H": H, "C": C, "std": 1e-1, "config": config,
            "X": X.tolist(), "y": y.tolist(), "Xval": Xv.tolist(), "yval": yv.tolist(), **hist,
            "finalW1": p["W1"].tolist()}


def main():
    ref = {"numpy": np.__version__, "toy": toy(), "linspace": linspace_case(), "training": training()}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(ref, f)
        f.write("\n")
    print("wrote", os.path.normpath(OUT))
    print("toy loss reg 0.05:", ref["toy"]["lossReg005"], " linspace:", ref["linspace"]["lossReg0"], ref["linspace"]["lossReg1"])


if __name__ == "__main__":
    main()
