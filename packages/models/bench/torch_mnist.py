"""PyTorch CPU baseline for bench/train-mnist.ts: spec B's MNIST model, Adam 1e-3, batch 64, one pass
over the first N training images of the same IDX files, in file order. Prints one JSON line.
Usage: python3 torch_mnist.py DATA_DIR N THREADS TEST_N"""
import json
import sys
import time

import numpy as np
import torch
from torch import nn


def idx(path, offset):
    return np.fromfile(path, dtype=np.uint8)[offset:]


def main():
    data_dir, n, threads, test_n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    x = torch.from_numpy(idx(f"{data_dir}/train-images-idx3-ubyte", 16)[: n * 784].reshape(n, 1, 28, 28).astype(np.float32) / 255)
    y = torch.from_numpy(idx(f"{data_dir}/train-labels-idx1-ubyte", 8)[:n].astype(np.int64))
    tx = torch.from_numpy(idx(f"{data_dir}/t10k-images-idx3-ubyte", 16)[: test_n * 784].reshape(test_n, 1, 28, 28).astype(np.float32) / 255)
    ty = torch.from_numpy(idx(f"{data_dir}/t10k-labels-idx1-ubyte", 8)[:test_n].astype(np.int64))
    model = nn.Sequential(
        nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Dropout(0.2), nn.Flatten(),
        nn.Linear(4608, 128), nn.ReLU(), nn.Linear(128, 10),  # softmax folded into cross_entropy
    )
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    start = time.perf_counter()
    for i in range(0, n, 64):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x[i : i + 64]), y[i : i + 64])
        loss.backward()
        opt.step()
    seconds = time.perf_counter() - start
    model.eval()
    with torch.no_grad():
        acc = (model(tx).argmax(1) == ty).float().mean().item()
    print(json.dumps({"threads": threads, "images": n, "seconds": seconds, "imagesPerSecond": n / seconds,
                      "testAccuracy": acc, "torch": torch.__version__}))


main()
