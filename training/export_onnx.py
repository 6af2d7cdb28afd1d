"""Export the K CV+ fold models of a v2 model as ONE ONNX graph per models/FORMAT.md.

Input `features` float32 [N, F] (the featuriser's full row); outputs `point` [N] and `folds` [N, K].
`point` is the median of the K fold outputs (TopK of K, middle value). Each fold model is a
physics_models.LinearPlusTrees: its linear terms become one MatMul with a weight per featuriser
column (and, for split terms, one on relu(features), for gated terms one on the features of the rows whose gate
holds), and its trees (XGBoost, fitted on the linear terms' residual) one ai.onnx.ml
TreeEnsembleRegressor (opset 3) with K targets, added to the linear part.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from xgboost import XGBRegressor

from physics_models import LinearPlusTrees

ONNX_OPSET = 17
ML_OPSET = 3


class TreeSet:
    """Flat node arrays of one additive tree ensemble (one ONNX target): prediction = base + Σ leaf weights."""

    def __init__(self) -> None:
        self.trees: list[list[dict]] = []  # per tree: nodes with id, mode, feature, value, true, false, missing_true, weight
        self.base = 0.0


def _xgb_booster(model: XGBRegressor, columns: list[int]) -> TreeSet:
    out = TreeSet()
    booster = model.get_booster()
    config = json.loads(booster.save_config())
    out.base = float(config["learner"]["learner_model_param"]["base_score"])
    for dump in booster.get_dump(dump_format="json"):
        nodes: list[dict] = []

        def walk(node: dict) -> None:
            if "leaf" in node:
                nodes.append({"id": node["nodeid"], "mode": "LEAF", "weight": float(node["leaf"])})
                return
            f = int(node["split"].lstrip("f"))
            nodes.append({"id": node["nodeid"], "mode": "BRANCH_LT", "feature": columns[f],
                          "value": float(node["split_condition"]), "true": node["yes"], "false": node["no"],
                          "missing_true": int(node["missing"] == node["yes"])})
            for child in node["children"]:
                walk(child)

        walk(json.loads(dump))
        out.trees.append(nodes)
    return out


def _tree_ensemble_node(sets: list[TreeSet], output: str) -> onnx.NodeProto:
    attrs = {k: [] for k in ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_modes", "nodes_values",
                             "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true",
                             "target_treeids", "target_nodeids", "target_ids", "target_weights"]}
    tree_id = 0
    for target, ts in enumerate(sets):
        for nodes in ts.trees:
            for n in nodes:
                attrs["nodes_treeids"].append(tree_id)
                attrs["nodes_nodeids"].append(n["id"])
                attrs["nodes_modes"].append(n["mode"])
                attrs["nodes_featureids"].append(n.get("feature", 0))
                attrs["nodes_values"].append(n.get("value", 0.0))
                attrs["nodes_truenodeids"].append(n.get("true", 0))
                attrs["nodes_falsenodeids"].append(n.get("false", 0))
                attrs["nodes_missing_value_tracks_true"].append(n.get("missing_true", 0))
                if n["mode"] == "LEAF":
                    attrs["target_treeids"].append(tree_id)
                    attrs["target_nodeids"].append(n["id"])
                    attrs["target_ids"].append(target)
                    attrs["target_weights"].append(n["weight"])
            tree_id += 1
    return helper.make_node("TreeEnsembleRegressor", ["features"], [output], domain="ai.onnx.ml",
                            n_targets=len(sets), aggregate_function="SUM", post_transform="NONE",
                            base_values=[float(ts.base) for ts in sets], **attrs)


def _with_median_point(body: list, initializers: list, n_features: int, k: int) -> onnx.ModelProto:
    """Name the [N, K] fold output `folds` and add `point` = its per-row median (K odd)."""
    consts = [
        helper.make_tensor("k_half", TensorProto.INT64, [1], [k // 2 + 1]),
        helper.make_tensor("idx_median", TensorProto.INT64, [], [k // 2]),
    ]
    nodes = body + [
        helper.make_node("Identity", ["all"], ["folds"]),
        helper.make_node("TopK", ["all", "k_half"], ["top", "top_idx"], axis=1, largest=1, sorted=1),
        helper.make_node("Gather", ["top", "idx_median"], ["point"], axis=1),
    ]
    graph = helper.make_graph(
        nodes, "bimetal", [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", n_features])],
        [helper.make_tensor_value_info("point", TensorProto.FLOAT, ["N"]),
         helper.make_tensor_value_info("folds", TensorProto.FLOAT, ["N", k])], initializer=consts + initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", ONNX_OPSET),
                                                    helper.make_opsetid("ai.onnx.ml", ML_OPSET)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def export(fold_models: list[LinearPlusTrees], n_features: int, path: Path) -> None:
    """Write the K fold models (and their median as `point`) as one ONNX file at `path`."""
    if len(fold_models) % 2 == 0:
        raise ValueError("the median point needs an odd number of folds")
    on_x, on_relu, on_gated, intercepts = zip(*(m.weights() for m in fold_models))
    weights = np.column_stack(on_x).astype(np.float32)
    hinges = np.column_stack(on_relu).astype(np.float32)
    gated = np.column_stack(on_gated).astype(np.float32)
    biases = np.array(intercepts, dtype=np.float32)
    initializers = []
    n_names = len(fold_models[0].names)
    # Columns the split and gated terms read ride on the linear MatMul as extra columns of W, one pass over the
    # [N, F] row, and the Relu runs on the split columns alone, not on the whole row. Extra columns, in order: for a gate,
    # x_above − x_below (the gate holds where it is > 0, as x_below < x_above: one rounded subtraction of two finite
    # numbers keeps the comparison's sign); the split columns (relu(x) · H); the gated columns (x · gate · G).
    hinge_columns = np.flatnonzero(np.any(hinges != 0, axis=1))
    gated_columns = np.flatnonzero(np.any(gated != 0, axis=1))
    gate_columns = []
    if len(gated_columns):
        gates = {gate for m in fold_models for gate in (m.gates or {}).values()}
        if len(gates) != 1:
            raise ValueError(f"the graph holds one gate, the fold models have {sorted(gates)}")
        below, above = (fold_models[0].names.index(c) for c in next(iter(gates)))
        rise = np.zeros((n_names, 1), dtype=np.float32)
        rise[above, 0], rise[below, 0] = 1.0, -1.0
        gate_columns = [rise]
    picks = [np.eye(n_names, dtype=np.float32)[:, cols] for cols in (hinge_columns, gated_columns) if len(cols)]
    if not gate_columns and not picks:
        initializers.append(numpy_helper.from_array(weights, "W"))
        body = [helper.make_node("MatMul", ["features", "W"], ["xw"])]
    else:
        sizes = [len(fold_models), *(1 for _ in gate_columns), *(p.shape[1] for p in picks)]
        parts = ["xw", *(["x_rise"] if gate_columns else []), *(["x_split"] if len(hinge_columns) else []),
                 *(["x_gated"] if len(gated_columns) else [])]
        initializers += [numpy_helper.from_array(np.hstack([weights, *gate_columns, *picks]), "W"),
                         helper.make_tensor("split_sizes", TensorProto.INT64, [len(sizes)], sizes)]
        body = [helper.make_node("MatMul", ["features", "W"], ["xw_all"]),
                helper.make_node("Split", ["xw_all", "split_sizes"], parts, axis=1)]
    initializers.append(numpy_helper.from_array(biases, "c"))
    weighted = "xw"
    if len(hinge_columns):
        # Split terms (LinearPlusTrees.split): a·max(x, 0) + b·min(x, 0) = b·x (in W) + (a − b)·relu(x) (in H).
        initializers.append(numpy_helper.from_array(hinges[hinge_columns], "H"))
        body += [helper.make_node("Relu", ["x_split"], ["relu"]), helper.make_node("MatMul", ["relu", "H"], ["rh"]),
                 helper.make_node("Add", [weighted, "rh"], ["xwh"])]
        weighted = "xwh"
    if len(gated_columns):
        # Gated terms (LinearPlusTrees.gates): x·[x_below < x_above] on one gate shared by every gated column.
        initializers += [numpy_helper.from_array(gated[gated_columns], "G"), helper.make_tensor("zero", TensorProto.FLOAT, [], [0.0])]
        # Where, not a Cast of the gate to 0/1 and a Mul: in onnxruntime-web those cost 3× the whole graph's time
        # and 90 MB on batches of 1,024 rows (Greater + Where: as fast as the graph without a gate).
        body += [helper.make_node("Greater", ["x_rise", "zero"], ["gate_open"]),
                 helper.make_node("Where", ["gate_open", "x_gated", "zero"], ["gated_features"]),
                 helper.make_node("MatMul", ["gated_features", "G"], ["xg"]),
                 helper.make_node("Add", [weighted, "xg"], ["xwhg"])]
        weighted = "xwhg"
    body.append(helper.make_node("Add", [weighted, "c"], ["linear"]))
    if all(m.tree_model_ is not None for m in fold_models):
        sets = [_xgb_booster(m.tree_model_, [m.names.index(c) for c in m.trees]) for m in fold_models]
        body += [_tree_ensemble_node(sets, "trees"), helper.make_node("Add", ["linear", "trees"], ["all"])]
    elif any(m.tree_model_ is not None for m in fold_models):
        raise ValueError("either every fold model has trees or none has")
    else:
        body.append(helper.make_node("Identity", ["linear"], ["all"]))
    onnx.save(_with_median_point(body, initializers, n_features, len(fold_models)), str(path))
