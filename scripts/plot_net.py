#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Grid of test images with their true and predicted classes (rsacc-net run writes it).

  plot_net.py CLASSES.csv --data DIR --out FILE.png [--count 36]
CLASSES.csv: index,label,float,golden[,rtl]. The prediction shown is the RTL's when present,
else golden's; a mistake is drawn in red."""
import argparse
import csv
import gzip
import os
import struct
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
         "Bag", "Ankle boot"]  # Fashion-MNIST's classes


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("classes")
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=36)
    a = ap.parse_args()
    rows = list(csv.DictReader(open(a.classes)))
    if not rows:
        sys.exit(f"plot_net: {a.classes}: no images")
    engine = "rtl" if "rtl" in rows[0] else "golden"
    n = min(a.count, len(rows))
    with gzip.open(os.path.join(a.data, "t10k-images-idx3-ubyte.gz"), "rb") as f:
        head = f.read(16)
        _, count, h, w = struct.unpack(">IIII", head)
        images = np.frombuffer(f.read(n * h * w), dtype=np.uint8).reshape(n, h, w)
    cols = 9
    rws = (n + cols - 1) // cols
    fig, axes = plt.subplots(rws, cols, figsize=(cols * 1.3, rws * 1.55))
    for k, ax in enumerate(np.array(axes).reshape(-1)):
        ax.axis("off")
        if k >= n:
            continue
        r = rows[k]
        label, pred = int(r["label"]), int(r[engine])
        ax.imshow(images[int(r["index"])], cmap="gray_r")
        ax.set_title(f"{NAMES[pred]}\n({NAMES[label]})" if pred != label else NAMES[pred],
                     fontsize=6.5, color="red" if pred != label else "black")
    wrong = sum(int(r["label"]) != int(r[engine]) for r in rows[:n])
    fig.suptitle(f"{os.path.basename(a.classes).replace('_classes.csv', '')}: {engine} classes of the "
                 f"first {n} test images ({wrong} wrong, in red with the true class)", fontsize=8)
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)


if __name__ == "__main__":
    main()
