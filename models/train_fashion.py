#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Trains the Fashion-MNIST CNN (make train) and exports it to ONNX.

The network is LeNet-5-like and sized for the 12 x 14 array: every conv and FC layer maps
(filters of at most 5 rows), pooling and flatten run on the host. Data: Debian's
dataset-fashion-mnist (IDX, gzipped). Seeded and deterministic on the CPU: the same machine
gives the same weights and the same ONNX bytes. Prints progress per epoch and the float top-1
accuracy on the 10 000 test images; writes the ONNX file and a JSON of the training run.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 8:
        sys.exit(f"train: {path}: not an unsigned-byte IDX file")
    rank = data[3]
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank)
    if body.size != int(np.prod(dims)):
        sys.exit(f"train: {path}: {body.size} data bytes, header says {int(np.prod(dims))}")
    return body.reshape(dims)


class FashionNet(nn.Module):
    """conv1 5x5 pad 2 (1 -> 16), ReLU, max-pool 2 -> 14 x 14;
    conv2 5x5 (16 -> 32), ReLU, max-pool 2 -> 5 x 5;
    fc1 800 -> 128, ReLU; fc2 128 -> 10."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 5, padding=2)
        self.conv2 = nn.Conv2d(16, 32, 5)
        self.fc1 = nn.Linear(32 * 5 * 5, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc2(F.relu(self.fc1(x)))


def accuracy(model, images, labels, batch=1000):
    model.eval()
    right = 0
    with torch.no_grad():
        for i in range(0, len(images), batch):
            right += (model(images[i:i + batch]).argmax(1) == labels[i:i + batch]).sum().item()
    return right / len(images)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="models/fashion_lenet.onnx", help="ONNX file to write")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    # One thread: the reduction order, and so the weights, then do not depend on the machine.
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--data", default=DATA, help="directory of the IDX files")
    a = ap.parse_args()
    if a.epochs < 1:
        sys.exit(f"train: --epochs {a.epochs} must be at least 1")
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(a.threads)

    def load(split):
        x = read_idx(os.path.join(a.data, f"{split}-images-idx3-ubyte.gz"))
        y = read_idx(os.path.join(a.data, f"{split}-labels-idx1-ubyte.gz"))
        # Inputs in [0, 1]: the importer maps 1.0 to the image byte 255 (docs/network.md).
        return (torch.from_numpy(x.astype(np.float32) / 255.0).unsqueeze(1),
                torch.from_numpy(y.astype(np.int64)))

    xtr, ytr = load("train")
    xte, yte = load("t10k")
    model = FashionNet()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
    gen = torch.Generator().manual_seed(a.seed)
    t0 = time.time()
    history = []
    for epoch in range(1, a.epochs + 1):
        model.train()
        order = torch.randperm(len(xtr), generator=gen)
        total = 0.0
        for i in range(0, len(xtr), 64):
            idx = order[i:i + 64]
            opt.zero_grad()
            loss = F.cross_entropy(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        sched.step()
        acc = accuracy(model, xte, yte)
        history.append({"epoch": epoch, "loss": total / len(xtr), "test_top1": acc})
        print(f"train: epoch {epoch}/{a.epochs}  loss {total / len(xtr):.4f}  "
              f"test top-1 {100 * acc:.2f} %  ({time.time() - t0:.0f} s)", flush=True)

    model.eval()
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), a.out, opset_version=13,
                      input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}})
    info = {"onnx": os.path.basename(a.out), "seed": a.seed, "epochs": a.epochs,
            "torch": torch.__version__, "float_test_top1": history[-1]["test_top1"],
            "test_images": len(xte), "history": history}
    with open(os.path.splitext(a.out)[0] + ".train.json", "w") as f:
        json.dump(info, f, indent=1)
        f.write("\n")
    print(f"train: float top-1 {100 * info['float_test_top1']:.2f} % on {len(xte)} test images; "
          f"wrote {a.out}")


if __name__ == "__main__":
    main()
