#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Translates an ONNX CNN into the project's float network description (docs/network.md).

Reads the graph with Debian's python3-onnx, checks that it is a chain of operations the
accelerator and the host can run, folds BatchNormalization into the conv before it and ReLU into
the conv or FC before it, and writes <out>/network.json plus one float32 .npy per weight and bias.
Quantisation is done afterwards, in C++ (rsacc-net import). Any other op, or an attribute the
accelerator cannot do, stops with one line naming the node, the op and why (exit 1).
"""
import argparse
import json
import os
import re
import sys
import warnings

import numpy as np

try:
    import onnx
    from onnx import numpy_helper
except ImportError:
    sys.exit("onnx_to_network: python3-onnx is missing; run scripts/install-deps.sh")


class Refused(Exception):
    pass


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def refuse(node, why):
    raise Refused(f"node '{node.name or node.output[0]}' ({node.op_type}): {why}")


def check_attrs(node, allowed):
    for k in attrs(node):
        if k not in allowed:
            refuse(node, f"attribute '{k}' is not supported")


def pads_of(node, a, in_hw, kernel, strides):
    """ONNX pads [top, left, bottom, right] -> (top, bottom, left, right); auto_pad resolved."""
    mode = a.get("auto_pad", b"NOTSET")
    mode = mode.decode() if isinstance(mode, bytes) else mode
    if mode in ("NOTSET", ""):
        p = list(a.get("pads", [0, 0, 0, 0]))
        if len(p) != 4:
            refuse(node, f"pads {p} are not 2-D")
        return p[0], p[2], p[1], p[3]
    if mode == "VALID":
        return 0, 0, 0, 0
    if mode in ("SAME_UPPER", "SAME_LOWER"):
        out = []
        for size, k, s in zip(in_hw, kernel, strides):
            total = max(0, (-(-size // s) - 1) * s + k - size)
            small, big = total // 2, total - total // 2
            out.append((small, big) if mode == "SAME_UPPER" else (big, small))
        return out[0][0], out[0][1], out[1][0], out[1][1]
    refuse(node, f"auto_pad {mode} is not supported")


def layer_name(candidate, fallback, taken):
    name = re.sub(r"[^A-Za-z0-9_.+-]", "_", candidate).strip("_.") or fallback
    base, i = name, 2
    while name in taken:
        name, i = f"{base}_{i}", i + 1
    taken.add(name)
    return name


def translate(model):
    g = model.graph
    init = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in g.initializer}
    consts = {}
    for node in g.node:  # Constant nodes (shapes of Reshape, say)
        if node.op_type == "Constant":
            consts[node.output[0]] = numpy_helper.to_array(attrs(node)["value"])
    inputs = [i for i in g.input if i.name not in init]
    if len(inputs) != 1:
        raise Refused(f"graph has {len(inputs)} inputs; one image input is supported")
    dims = [d.dim_value for d in inputs[0].type.tensor_type.shape.dim]
    if len(dims) != 4 or any(d <= 0 for d in dims[1:]):
        raise Refused(f"input '{inputs[0].name}' has shape {dims}; N x C x H x W is expected")
    shape = dims[1:]  # C, H, W (flattened: [C*H*W, 1, 1])
    flat = False
    current = inputs[0].name
    layers, tensors, taken = [], {}, set()
    nodes = [n for n in g.node if n.op_type != "Constant"]
    users = {}
    for n in nodes:
        for i in n.input:
            users.setdefault(i, []).append(n)
    pending_add = None
    for node in nodes:
        data_in = [i for i in node.input if i not in init and i not in consts]
        if data_in != [current]:
            refuse(node, f"the graph is not a chain: its data input is {data_in}, "
                   f"not the previous node's output '{current}'")
        if len(users.get(current, [])) > 1:
            refuse(node, f"'{current}' feeds {len(users[current])} nodes; only chains are supported")
        op = node.op_type
        a = attrs(node)
        last = layers[-1] if layers else None
        if op in ("Identity", "Dropout"):
            pass
        elif op == "Conv":
            check_attrs(node, {"dilations", "group", "kernel_shape", "pads", "strides", "auto_pad"})
            if any(d != 1 for d in a.get("dilations", [1, 1])):
                refuse(node, f"dilations {a['dilations']} are not supported (the array has none)")
            w = init.get(node.input[1])
            if w is None or w.ndim != 4:
                refuse(node, "the weight is not a constant 4-D initializer")
            if flat:
                refuse(node, "a convolution after Flatten is not supported")
            M, Cg, R, S = w.shape
            G = int(a.get("group", 1))
            if Cg * G != shape[0]:
                refuse(node, f"weight has {Cg} x {G} input channels, the ifmap {shape[0]}")
            strides = list(a.get("strides", [1, 1]))
            pt, pb, pl, pr = pads_of(node, a, shape[1:], [R, S], strides)
            name = layer_name(node.input[1].rsplit(".", 1)[0], f"conv{len(layers)}", taken)
            E = (shape[1] + pt + pb - R) // strides[0] + 1
            F = (shape[2] + pl + pr - S) // strides[1] + 1
            if E < 1 or F < 1:
                refuse(node, f"the {R}x{S} filter does not fit the padded ifmap")
            b = init[node.input[2]] if len(node.input) > 2 and node.input[2] else np.zeros(M)
            tensors[name + ".weight"], tensors[name + ".bias"] = w, b
            layers.append({"name": name, "op": "conv", "in": list(shape), "out": [M, E, F],
                           "M": M, "R": R, "S": S, "stride": strides, "pads": [pt, pb, pl, pr],
                           "groups": G, "relu": False, "weight": name + ".weight.npy",
                           "bias": name + ".bias.npy"})
            shape = [M, E, F]
        elif op == "BatchNormalization":
            if last is None or last["op"] != "conv" or last["relu"]:
                refuse(node, "BatchNormalization must follow a convolution directly (it is folded)")
            scale, bias, mean, var = (init[i] for i in node.input[1:5])
            eps = float(a.get("epsilon", 1e-5))
            k = scale / np.sqrt(var + eps)
            w = tensors[last["name"] + ".weight"]
            tensors[last["name"] + ".weight"] = w * k[:, None, None, None]
            tensors[last["name"] + ".bias"] = (tensors[last["name"] + ".bias"] - mean) * k + bias
        elif op == "Relu":
            if last is None or last["op"] not in ("conv", "fc") or last["relu"]:
                refuse(node, "ReLU must follow a convolution or FC layer directly (it is fused "
                       "into the accelerator's output stage)")
            last["relu"] = True
        elif op in ("MaxPool", "AveragePool"):
            check_attrs(node, {"kernel_shape", "strides", "pads", "ceil_mode", "auto_pad",
                               "count_include_pad", "dilations", "storage_order"})
            if a.get("ceil_mode", 0):
                refuse(node, "ceil_mode 1 is not supported")
            if any(d != 1 for d in a.get("dilations", [1, 1])):
                refuse(node, f"dilations {a['dilations']} are not supported")
            if a.get("storage_order", 0):
                refuse(node, "storage_order 1 is not supported")
            if flat:
                refuse(node, "pooling after Flatten is not supported")
            k = list(a["kernel_shape"])
            strides = list(a.get("strides", [1, 1]))
            pt, pb, pl, pr = pads_of(node, a, shape[1:], k, strides)
            if max(pt, pb) >= k[0] or max(pl, pr) >= k[1]:
                refuse(node, f"pads {[pt, pb, pl, pr]} reach a whole kernel {k}")
            E = (shape[1] + pt + pb - k[0]) // strides[0] + 1
            F = (shape[2] + pl + pr - k[1]) // strides[1] + 1
            layers.append({"name": layer_name(node.name or op, f"pool{len(layers)}", taken),
                           "op": "maxpool" if op == "MaxPool" else "avgpool", "in": list(shape),
                           "out": [shape[0], E, F], "kernel": k, "stride": strides,
                           "pads": [pt, pb, pl, pr],
                           "count_include_pad": bool(a.get("count_include_pad", 0))})
            shape = [shape[0], E, F]
        elif op == "Flatten":
            if a.get("axis", 1) != 1:
                refuse(node, f"axis {a['axis']} is not supported (only 1)")
            flat = True
        elif op == "Reshape":
            target = consts.get(node.input[1], init.get(node.input[1]))
            if target is None or list(np.array(target).astype(int))[1:] not in ([-1], [int(np.prod(shape))]):
                refuse(node, "only a reshape to N x (C*H*W) (a flatten) is supported")
            flat = True
        elif op in ("Gemm", "MatMul"):
            if op == "Gemm":
                check_attrs(node, {"alpha", "beta", "transA", "transB"})
                if a.get("transA", 0) or a.get("alpha", 1.0) != 1.0 or a.get("beta", 1.0) != 1.0:
                    refuse(node, "only transA = 0, alpha = beta = 1 are supported")
            w = init.get(node.input[1])
            if w is None or w.ndim != 2:
                refuse(node, "the weight is not a constant 2-D initializer")
            if op == "MatMul" or not a.get("transB", 0):
                w = w.T  # -> [out, in]
            n_in = int(np.prod(shape))
            if not flat and shape[1:] != [1, 1]:
                refuse(node, "an FC layer needs a flattened input (Flatten or Reshape first)")
            if w.shape[1] != n_in:
                refuse(node, f"weight takes {w.shape[1]} inputs, the data has {n_in}")
            M = w.shape[0]
            b = init[node.input[2]] if op == "Gemm" and len(node.input) > 2 else np.zeros(M)
            name = layer_name(node.input[1].rsplit(".", 1)[0], f"fc{len(layers)}", taken)
            # An FC layer is a convolution whose filter covers the whole ifmap (R = H, S = W).
            tensors[name + ".weight"] = w.reshape([M] + list(shape))
            tensors[name + ".bias"] = b
            layers.append({"name": name, "op": "fc", "in": list(shape), "out": [M, 1, 1], "M": M,
                           "R": shape[1], "S": shape[2], "stride": [1, 1], "pads": [0, 0, 0, 0],
                           "groups": 1, "relu": False, "weight": name + ".weight.npy",
                           "bias": name + ".bias.npy"})
            shape, flat = [M, 1, 1], False
            pending_add = op == "MatMul" or None
        elif op == "Add":
            if pending_add is None or last is None or last["op"] != "fc":
                refuse(node, "Add is supported only as the bias of a MatMul")
            bias_in = [i for i in node.input if i in init]
            if len(bias_in) != 1 or init[bias_in[0]].size != last["M"]:
                refuse(node, "the added tensor is not a constant bias of the FC's outputs")
            tensors[last["name"] + ".bias"] = tensors[last["name"] + ".bias"] + init[bias_in[0]].reshape(-1)
            pending_add = None
        else:
            refuse(node, "this operation is not supported (Conv, Relu, MaxPool, AveragePool, "
                   "Flatten, Reshape, Gemm, MatMul + Add, BatchNormalization are)")
        current = node.output[0]
    if not any(l["op"] in ("conv", "fc") for l in layers):
        raise Refused("the graph has no convolution or FC layer")
    return {"input": {"name": inputs[0].name, "shape": dims[1:]}, "layers": layers,
            "classes": shape[0] if shape[1:] == [1, 1] else None}, tensors


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("onnx")
    ap.add_argument("--out", required=True, help="directory for network.json and the .npy files")
    ap.add_argument("--name", help="network name (default: the ONNX file's stem)")
    a = ap.parse_args()
    try:
        with warnings.catch_warnings():  # protobuf's own warnings would make the error two lines
            warnings.simplefilter("ignore")
            model = onnx.load(a.onnx)
    except Exception as e:  # protobuf raises several kinds
        sys.exit(f"onnx_to_network: {a.onnx}: not a readable ONNX file ({str(e).splitlines()[0] if str(e) else type(e).__name__})")
    try:
        net, tensors = translate(model)
    except Refused as e:
        sys.exit(f"onnx_to_network: {a.onnx}: {e}")
    net = {"format": "rsacc-network-float", "version": 1,
           "name": a.name or os.path.splitext(os.path.basename(a.onnx))[0],
           "source": os.path.basename(a.onnx), **net}
    os.makedirs(a.out, exist_ok=True)
    for name, t in tensors.items():
        np.save(os.path.join(a.out, name + ".npy"), np.ascontiguousarray(t, dtype=np.float32))
    with open(os.path.join(a.out, "network.json"), "w") as f:  # a layer per line
        layers = net.pop("layers")
        text = json.dumps(net, indent=1)[:-2]
        text += ',\n "layers": [\n  ' + ",\n  ".join(json.dumps(l) for l in layers) + "\n ]\n}\n"
        f.write(text)
    print(f"onnx_to_network: {len([l for l in layers if l['op'] in ('conv', 'fc')])} "
          f"conv/FC layers, {len(layers)} in all -> {a.out}/network.json")


if __name__ == "__main__":
    main()
