"""Export a CV+ fit (point model + K fold models) as ONE ONNX graph per models/FORMAT.md.

Input `features` float32 [N, F] (the featuriser's full row); outputs `point` [N] and `folds` [N, K].
`point` is the median of the K fold outputs (TopK(3) of 5, third value), as train.FoldMedian computes it.
Tree ensembles (sklearn random forest, XGBoost) become a single ai.onnx.ml TreeEnsembleRegressor
(opset 3) with K targets; the FT-Transformer + Ridge heads is exported from torch (opset 17).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper
from sklearn.ensemble import RandomForestRegressor
from xgboost import XGBRegressor

from ft_transformer import FTRidge
from models import ColumnSubset

ONNX_OPSET = 17
ML_OPSET = 3


class TreeSet:
    """Flat node arrays of one additive tree ensemble (one ONNX target): prediction = base + Σ leaf weights."""

    def __init__(self) -> None:
        self.trees: list[list[dict]] = []  # per tree: nodes with id, mode, feature, value, true, false, missing_true, weight
        self.base = 0.0


def _unwrap(model) -> tuple[object, list[int] | None]:
    if isinstance(model, ColumnSubset):
        return model.inner, model.columns
    return model, None


def _sklearn_forest(forest: RandomForestRegressor, columns: list[int] | None) -> TreeSet:
    out = TreeSet()
    n_trees = len(forest.estimators_)
    for est in forest.estimators_:
        t = est.tree_
        nodes = []
        for i in range(t.node_count):
            if t.children_left[i] == -1:
                nodes.append({"id": i, "mode": "LEAF", "weight": float(t.value[i][0][0]) / n_trees})
            else:
                f = int(t.feature[i])
                nodes.append({"id": i, "mode": "BRANCH_LEQ", "feature": columns[f] if columns else f,
                              "value": float(t.threshold[i]), "true": int(t.children_left[i]),
                              "false": int(t.children_right[i]), "missing_true": 1})
        out.trees.append(nodes)
    return out


def _xgb_booster(model: XGBRegressor, columns: list[int] | None) -> TreeSet:
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
            nodes.append({"id": node["nodeid"], "mode": "BRANCH_LT", "feature": columns[f] if columns else f,
                          "value": float(node["split_condition"]), "true": node["yes"], "false": node["no"],
                          "missing_true": int(node["missing"] == node["yes"])})
            for child in node["children"]:
                walk(child)

        walk(json.loads(dump))
        out.trees.append(nodes)
    return out


def tree_set(model) -> TreeSet:
    inner, columns = _unwrap(model)
    if isinstance(inner, RandomForestRegressor):
        return _sklearn_forest(inner, columns)
    if isinstance(inner, XGBRegressor):
        return _xgb_booster(inner, columns)
    raise TypeError(f"cannot convert {type(inner).__name__} to a tree ensemble")


def _tree_ensemble_graph(sets: list[TreeSet], n_features: int) -> onnx.ModelProto:
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
    ensemble = helper.make_node("TreeEnsembleRegressor", ["features"], ["all"], domain="ai.onnx.ml",
                                n_targets=len(sets), aggregate_function="SUM", post_transform="NONE",
                                base_values=[float(ts.base) for ts in sets], **attrs)
    return _with_median_point([ensemble], n_features, len(sets))


def _with_median_point(body: list, n_features: int, k: int) -> onnx.ModelProto:
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
         helper.make_tensor_value_info("folds", TensorProto.FLOAT, ["N", k])], initializer=consts)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", ONNX_OPSET),
                                                    helper.make_opsetid("ai.onnx.ml", ML_OPSET)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


class _FTExport(torch.nn.Module):
    def __init__(self, backbone, weights: np.ndarray, biases: np.ndarray) -> None:
        super().__init__()
        self.backbone = backbone
        self.head = torch.nn.Linear(weights.shape[1], weights.shape[0])
        with torch.no_grad():
            self.head.weight.copy_(torch.tensor(weights, dtype=torch.float32))
            self.head.bias.copy_(torch.tensor(biases, dtype=torch.float32))

    def forward(self, features: torch.Tensor):
        folds = self.head(self.backbone(features))
        return torch.topk(folds, folds.shape[1] // 2 + 1, dim=1).values[:, -1], folds


def _ft_graph(models: list[FTRidge], n_features: int, path: Path) -> None:
    """Shared frozen backbone, one Ridge head per fold."""
    backbones = {id(m.backbone) for m in models}
    if len(backbones) != 1:
        raise ValueError("CV+ fold heads of an FT model must share one frozen backbone")
    heads = [m.linear_head() for m in models]
    module = _FTExport(models[0].backbone, np.stack([w for w, _ in heads]), np.array([b for _, b in heads])).eval()
    torch.onnx.export(module, torch.zeros(2, n_features), str(path), input_names=["features"],
                      output_names=["point", "folds"], opset_version=ONNX_OPSET,
                      dynamic_axes={"features": {0: "N"}, "point": {0: "N"}, "folds": {0: "N"}})
    onnx.checker.check_model(onnx.load(str(path)))


def export(fold_models: list, n_features: int, path: Path) -> None:
    """Write the K fold models (and their median as `point`) as one ONNX file at `path`."""
    if len(fold_models) % 2 == 0:
        raise ValueError("the median point needs an odd number of folds")
    if all(isinstance(m, FTRidge) for m in fold_models):
        _ft_graph(fold_models, n_features, path)
        return
    onnx.save(_tree_ensemble_graph([tree_set(m) for m in fold_models], n_features), str(path))
