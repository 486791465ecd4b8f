#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Tests of scripts/onnx_to_network.py on ONNX files built here with onnx.helper.

  test_onnx_import.py WORKDIR
Writes WORKDIR/all_ops.onnx (every supported op; 1 x 28 x 28 in, 10 classes out: the
rsacc-net tests import and run it) and checks its translation, then one file per refused op or
attribute, each of which must stop the translation with one line naming the node, op and why.
"""
import json
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

TOOL = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "onnx_to_network.py")
rng = np.random.default_rng(7)  # fixed: the file's contents are part of the test


def init(name, *shape, scale=0.3):
    return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)


def model(nodes, inits, in_shape=(1, 1, 28, 28), out="y"):
    g = helper.make_graph(nodes, "t", [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(in_shape))],
                          [helper.make_tensor_value_info(out, TensorProto.FLOAT, ["n", "k"])], inits)
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])


def all_ops():
    """Conv (pads, group 1) + BN + Relu, MaxPool (pads), Conv (group 2, SAME_UPPER, stride 2) + Relu,
    AveragePool (count_include_pad), Reshape, Gemm (transB 0) + Relu, MatMul + Add."""
    bn = [numpy_helper.from_array(v.astype(np.float32), n) for n, v in
          [("bn.scale", rng.uniform(0.5, 2, 4)), ("bn.bias", rng.standard_normal(4)),
           ("bn.mean", rng.standard_normal(4)), ("bn.var", rng.uniform(0.5, 2, 4))]]
    shape = numpy_helper.from_array(np.array([0, -1], dtype=np.int64), "flat.shape")
    nodes = [
        helper.make_node("Conv", ["x", "c1.weight", "c1.bias"], ["a"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["a", "bn.scale", "bn.bias", "bn.mean", "bn.var"], ["b"],
                         epsilon=1e-5),
        helper.make_node("Relu", ["b"], ["c"]),
        helper.make_node("MaxPool", ["c"], ["d"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("Conv", ["d", "c2.weight"], ["e"], kernel_shape=[3, 3], strides=[2, 2], group=2,
                         auto_pad="SAME_UPPER"),
        helper.make_node("Relu", ["e"], ["f"]),
        helper.make_node("AveragePool", ["f"], ["g"], kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 1, 1],
                         count_include_pad=1),
        helper.make_node("Reshape", ["g", "flat.shape"], ["h"]),
        helper.make_node("Gemm", ["h", "g1.weight", "g1.bias"], ["i"], transB=0),
        helper.make_node("Relu", ["i"], ["j"]),
        helper.make_node("MatMul", ["j", "m1.weight"], ["k"]),
        helper.make_node("Add", ["k", "m1.bias"], ["y"]),
    ]
    # 28 -> conv 28 -> pool 14 -> conv(s2, SAME) 7 -> avgpool(k2 s2, pad 1 bottom/right) 4: 6 x 4 x 4
    inits = [init("c1.weight", 4, 1, 3, 3), init("c1.bias", 4), *bn, init("c2.weight", 6, 2, 3, 3),
             shape, init("g1.weight", 96, 16, scale=0.1), init("g1.bias", 16),
             init("m1.weight", 16, 10), init("m1.bias", 10)]
    return model(nodes, inits), {i.name: numpy_helper.to_array(i) for i in inits}


def run(path, out):
    return subprocess.run([sys.executable, TOOL, path, "--out", out], capture_output=True, text=True)


def main():
    work = sys.argv[1]
    os.makedirs(work, exist_ok=True)
    errors = []
    m, w = all_ops()
    onnx.checker.check_model(m)
    path = os.path.join(work, "all_ops.onnx")
    onnx.save(m, path)
    r = run(path, os.path.join(work, "all_ops_float"))
    if r.returncode != 0:
        sys.exit(f"test_onnx_import: all_ops.onnx failed: {r.stderr.strip()}")
    net = json.load(open(os.path.join(work, "all_ops_float", "network.json")))
    ops = [(l["op"], l["out"]) for l in net["layers"]]
    want = [("conv", [4, 28, 28]), ("maxpool", [4, 14, 14]), ("conv", [6, 7, 7]), ("avgpool", [6, 4, 4]),
            ("fc", [16, 1, 1]), ("fc", [10, 1, 1])]
    if ops != want:
        errors.append(f"layers {ops}, expected {want}")
    l = {x["name"]: x for x in net["layers"]}
    if not (l["c1"]["relu"] and l["c2"]["relu"] and l["g1"]["relu"] and not l["m1"]["relu"]):
        errors.append("ReLU not fused where expected")
    if l["c2"]["pads"] != [0, 1, 0, 1] or l["c2"]["groups"] != 2:
        errors.append(f"c2: SAME_UPPER pads {l['c2']['pads']} (expected [0, 1, 0, 1]), groups {l['c2']['groups']}")
    if not l["avgpool" if "avgpool" in l else [k for k in l if l[k]["op"] == "avgpool"][0]]["count_include_pad"]:
        errors.append("count_include_pad lost")
    # BatchNormalization folded: w' = w k, b' = (b - mean) k + beta, k = scale / sqrt(var + eps).
    k = w["bn.scale"] / np.sqrt(w["bn.var"] + 1e-5)
    wf = np.load(os.path.join(work, "all_ops_float", "c1.weight.npy"))
    bf = np.load(os.path.join(work, "all_ops_float", "c1.bias.npy"))
    if not np.allclose(wf, w["c1.weight"] * k[:, None, None, None], rtol=1e-5, atol=1e-6):
        errors.append("BN not folded into c1's weights")
    if not np.allclose(bf, (w["c1.bias"] - w["bn.mean"]) * k + w["bn.bias"], rtol=1e-5, atol=1e-5):
        errors.append("BN not folded into c1's bias")
    # Gemm transB 0 and MatMul: weights stored [out, in], an FC over the 6 x 4 x 4 ifmap.
    g1 = np.load(os.path.join(work, "all_ops_float", "g1.weight.npy"))
    if g1.shape != (16, 6, 4, 4) or not np.allclose(g1.reshape(16, 96), w["g1.weight"].T):
        errors.append(f"g1 weights {g1.shape} not the transposed Gemm matrix")
    m1b = np.load(os.path.join(work, "all_ops_float", "m1.bias.npy"))
    if not np.allclose(m1b, w["m1.bias"]):
        errors.append("the Add after MatMul is not m1's bias")

    # Refused ops and attributes: exit 1, one line naming the node, the op and why.
    x4 = init("w", 4, 1, 3, 3)
    refused = {
        "dilation": (model([helper.make_node("Conv", ["x", "w"], ["y"], name="c", kernel_shape=[3, 3],
                                             dilations=[2, 2])], [x4]),
                     "node 'c' (Conv): dilations [2, 2] are not supported"),
        "sigmoid": (model([helper.make_node("Conv", ["x", "w"], ["a"], kernel_shape=[3, 3]),
                           helper.make_node("Sigmoid", ["a"], ["y"], name="s")], [x4]),
                    "node 's' (Sigmoid): this operation is not supported"),
        "pad_reflect": (model([helper.make_node("Pad", ["x", "p"], ["y"], name="p0", mode="reflect")],
                              [numpy_helper.from_array(np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64), "p")]),
                        "node 'p0' (Pad): this operation is not supported"),
        "ceil_mode": (model([helper.make_node("Conv", ["x", "w"], ["a"], kernel_shape=[3, 3]),
                             helper.make_node("MaxPool", ["a"], ["y"], name="mp", kernel_shape=[2, 2],
                                              ceil_mode=1)], [x4]),
                      "node 'mp' (MaxPool): ceil_mode 1 is not supported"),
        "branch": (model([helper.make_node("Conv", ["x", "w"], ["a"], kernel_shape=[3, 3]),
                          helper.make_node("Relu", ["a"], ["b"], name="r"),
                          helper.make_node("Add", ["a", "b"], ["y"], name="add")], [x4]),
                   "'a' feeds 2 nodes"),
        "transA": (model([helper.make_node("Flatten", ["x"], ["a"]),
                          helper.make_node("Gemm", ["a", "g"], ["y"], name="gm", transA=1)],
                         [init("g", 784, 10)]),
                   "node 'gm' (Gemm): only transA = 0, alpha = beta = 1 are supported"),
        "relu_first": (model([helper.make_node("Relu", ["x"], ["y"], name="r0")], []),
                       "node 'r0' (Relu): ReLU must follow a convolution or FC layer directly"),
    }
    for name, (mod, expect) in refused.items():
        p = os.path.join(work, f"refused_{name}.onnx")
        onnx.save(mod, p)
        r = run(p, os.path.join(work, f"refused_{name}"))
        lines = r.stderr.strip().splitlines()
        if r.returncode != 1 or len(lines) != 1 or expect not in lines[0] or not lines[0].startswith(
                f"onnx_to_network: {p}: "):
            errors.append(f"{name}: exit {r.returncode}, stderr {r.stderr.strip()!r}; expected one line with {expect!r}")
    not_onnx = os.path.join(work, "not_onnx.onnx")
    open(not_onnx, "w").write("hello")
    r = run(not_onnx, os.path.join(work, "not_onnx"))
    if r.returncode != 1 or "not a readable ONNX file" not in r.stderr or len(r.stderr.strip().splitlines()) != 1:
        errors.append(f"not_onnx: exit {r.returncode}, stderr {r.stderr.strip()!r}")
    for e in errors:
        print("test_onnx_import: FAIL:", e)
    if errors:
        sys.exit(1)
    print(f"test_onnx_import: all_ops.onnx translated and checked; {len(refused) + 1} refusals ok")


if __name__ == "__main__":
    main()
