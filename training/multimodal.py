"""Multimodal variant (issue item 4): a message-passing network over a cluster's real 3D structure,
fused with the featuriser vector. Evaluated, not shipped: it needs a structure file, which most
recipes in the editor do not have, so the descriptor models stay the product.

Graph: metal atoms are nodes, nearest neighbours are edges, by the engine's rule
(engine/src/geometry/neighbours.ts: d_ij ≤ 1.2 · min(nn_i, nn_j)). Node features are the element
properties the featuriser already emits for the recipe's host and dopant (host_* / dopant_* columns),
so Python computes no chemistry of its own; edges carry the distance as Gaussian radial features.
Three residual message-passing layers, mean pooling (E_form is per atom), then an MLP on
[graph vector, MLP(feature vector)].
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from models import MODELS
from train import Problem, grouped_cv, metrics, outer_splits

NEIGHBOUR_CUTOFF = 1.2  # engine/src/geometry/neighbours.ts NEIGHBOUR_CUTOFF
HIDDEN = 32
LAYERS = 3
RBF_CENTERS = np.linspace(2.0, 3.6, 12)  # Å: metal–metal first-shell distances lie inside
RBF_WIDTH = 0.2
EPOCHS = 20  # one-cycle; kept short so run_all.py stays within minutes
BATCH = 64
LR = 3e-3
SEED = 0
SITE_PROPERTY_COUNT = 13  # engine/src/features/schema.ts SITE_PROPERTIES


@dataclass
class Graph:
    """One cluster: per-atom 'is dopant' flags, bonds (both directions) and their lengths."""
    is_dopant: np.ndarray  # [n] bool
    src: np.ndarray        # [e] int
    dst: np.ndarray        # [e] int
    length: np.ndarray     # [e] Å


def read_metal_xyz(path: Path, metals: set[str]) -> tuple[list[str], np.ndarray]:
    """Species and positions of the metal atoms of the first frame (ligand atoms dropped, as the engine does)."""
    lines = Path(path).read_text().splitlines()
    n = int(lines[0].split()[0])
    species, positions = [], []
    for line in lines[2:2 + n]:
        fields = line.split()
        if fields[0] in metals:
            species.append(fields[0])
            positions.append([float(v) for v in fields[1:4]])
    return species, np.array(positions)


def neighbour_graph(species: list[str], positions: np.ndarray, dopant: str | None) -> Graph:
    d = np.linalg.norm(positions[:, None, :] - positions[None, :, :], axis=-1)
    np.fill_diagonal(d, np.inf)
    nearest = d.min(axis=1)
    limit = NEIGHBOUR_CUTOFF * np.minimum(nearest[:, None], nearest[None, :])
    src, dst = np.nonzero(d <= limit)
    return Graph(np.array([s == dopant for s in species]), src, dst, d[src, dst])


def graphs_for(problem: Problem, metals: set[str]) -> list[Graph]:
    """The neighbour graph of every row's structure file (rows must all have one)."""
    out = []
    for spec in problem.table["spec"]:
        dopant = spec["dopant"]["element"] if spec["dopant"]["count"] > 0 else None
        species, positions = read_metal_xyz(Path(spec["structure"]), metals)
        out.append(neighbour_graph(species, positions, dopant))
    return out


def node_property_columns(feature_names: list[str]) -> tuple[list[int], list[int]]:
    host = [j for j, n in enumerate(feature_names) if n.startswith("host_")]
    dopant = [j for j, n in enumerate(feature_names) if n.startswith("dopant_")]
    if len(host) != SITE_PROPERTY_COUNT or len(dopant) != SITE_PROPERTY_COUNT:
        raise KeyError("featuriser site-property columns changed; update SITE_PROPERTY_COUNT")
    return host, dopant


class GraphFusion(nn.Module):
    def __init__(self, n_node: int, n_features: int) -> None:
        super().__init__()
        self.node_in = nn.Linear(n_node + 1, HIDDEN)  # + coordination number / 12
        self.messages = nn.ModuleList(nn.Sequential(nn.Linear(2 * HIDDEN + len(RBF_CENTERS), HIDDEN), nn.SiLU(),
                                                    nn.Linear(HIDDEN, HIDDEN)) for _ in range(LAYERS))
        self.norms = nn.ModuleList(nn.LayerNorm(HIDDEN) for _ in range(LAYERS))
        self.features = nn.Sequential(nn.Linear(n_features, 64), nn.SiLU(), nn.Linear(64, HIDDEN))
        self.head = nn.Sequential(nn.Linear(2 * HIDDEN, 64), nn.SiLU(), nn.Linear(64, 1))

    def forward(self, batch: dict) -> torch.Tensor:
        src, dst, n_nodes = batch["src"], batch["dst"], len(batch["nodes"])
        degree = torch.zeros(n_nodes).index_add_(0, dst, torch.ones(len(dst))).clamp(min=1)
        h = self.node_in(torch.cat([batch["nodes"], (degree / 12).unsqueeze(1)], dim=1))
        for message, norm in zip(self.messages, self.norms):
            m = message(torch.cat([h[src], h[dst], batch["rbf"]], dim=1))
            h = norm(h + torch.zeros_like(h).index_add_(0, dst, m) / degree.unsqueeze(1))
        pooled = torch.zeros(batch["n_graphs"], HIDDEN).index_add_(0, batch["graph"], h) / batch["sizes"].unsqueeze(1)
        return self.head(torch.cat([pooled, self.features(batch["features"])], dim=1)).squeeze(-1)


class GraphFusionRegressor:
    """Fit/predict on (row features, graphs) with the scaling learned from the training rows."""

    def fit(self, X: np.ndarray, graphs: list[Graph], y: np.ndarray, names: list[str]) -> "GraphFusionRegressor":
        torch.manual_seed(SEED)
        torch.set_num_threads(1)
        self.host_cols, self.dopant_cols = node_property_columns(names)
        self.columns = [j for j in range(X.shape[1]) if np.ptp(X[:, j]) > 0]
        self.center, self.scale = X[:, self.columns].mean(axis=0), X[:, self.columns].std(axis=0) + 1e-6
        props = np.concatenate([X[:, self.host_cols], X[:, self.dopant_cols]])
        self.prop_center, self.prop_scale = props.mean(axis=0), props.std(axis=0) + 1e-6
        self.y_mean, self.y_std = float(y.mean()), float(y.std() + 1e-6)
        self.model = GraphFusion(len(self.host_cols), len(self.columns))
        target = torch.tensor((y - self.y_mean) / self.y_std, dtype=torch.float32)
        steps = -(-len(graphs) // BATCH)
        opt = torch.optim.AdamW(self.model.parameters(), lr=LR, weight_decay=1e-4)
        schedule = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=LR, epochs=EPOCHS, steps_per_epoch=steps)
        rng = np.random.default_rng(SEED)
        self.model.train()
        for _ in range(EPOCHS):
            for idx in np.array_split(rng.permutation(len(graphs)), steps):
                opt.zero_grad()
                loss = nn.functional.smooth_l1_loss(self.model(self._batch(X, graphs, idx)), target[idx])
                loss.backward()
                opt.step()
                schedule.step()
        self.model.eval()
        return self

    def predict(self, X: np.ndarray, graphs: list[Graph]) -> np.ndarray:
        with torch.no_grad():
            out = [self.model(self._batch(X, graphs, idx)).numpy()
                   for idx in np.array_split(np.arange(len(graphs)), -(-len(graphs) // 256))]
        return np.concatenate(out) * self.y_std + self.y_mean

    def _batch(self, X: np.ndarray, graphs: list[Graph], idx: np.ndarray) -> dict:
        nodes, src, dst, lengths, graph_of, offset = [], [], [], [], [], 0
        for b, i in enumerate(idx):
            g = graphs[i]
            host = (X[i, self.host_cols] - self.prop_center) / self.prop_scale
            dopant = (X[i, self.dopant_cols] - self.prop_center) / self.prop_scale
            nodes.append(np.where(g.is_dopant[:, None], dopant, host))
            src.append(g.src + offset)
            dst.append(g.dst + offset)
            lengths.append(g.length)
            graph_of.append(np.full(len(g.is_dopant), b))
            offset += len(g.is_dopant)
        length = np.concatenate(lengths)
        rbf = np.exp(-((length[:, None] - RBF_CENTERS[None, :]) / RBF_WIDTH) ** 2)
        graph = np.concatenate(graph_of)
        return {"nodes": torch.tensor(np.concatenate(nodes), dtype=torch.float32),
                "src": torch.tensor(np.concatenate(src)), "dst": torch.tensor(np.concatenate(dst)),
                "rbf": torch.tensor(rbf, dtype=torch.float32), "graph": torch.tensor(graph),
                "n_graphs": len(idx), "sizes": torch.tensor(np.bincount(graph, minlength=len(idx)), dtype=torch.float32),
                "features": torch.tensor((X[idx][:, self.columns] - self.center) / self.scale, dtype=torch.float32)}


GNN_KEY = "gnn"
GNN_LABEL = "graph network on the 3D structure + feature vector (multimodal)"


def graph_grouped_cv(problem: Problem, graphs: list[Graph], scheme: str) -> dict:
    """Out-of-fold predictions on the same grouped splits as train.grouped_cv, in its result format."""
    pred = np.full(len(problem.y), np.nan)
    for tr, te in outer_splits(problem, scheme):
        model = GraphFusionRegressor().fit(problem.X[tr], [graphs[i] for i in tr], problem.y[tr], problem.feature_names)
        pred[te] = model.predict(problem.X[te], [graphs[i] for i in te])
    seen = ~np.isnan(pred)
    datasets = problem.table["dataset"].to_numpy()
    return {"model": GNN_KEY, "label": GNN_LABEL, "scheme": scheme, "pred": pred,
            "overall": metrics(problem.y[seen], pred[seen]),
            "by_dataset": {d: metrics(problem.y[seen & (datasets == d)], pred[seen & (datasets == d)])
                           for d in np.unique(datasets[seen])}}


def structure_subset(problem: Problem) -> Problem:
    """The rows whose recipe has a structure file (QCD clusters, CANELa NPs): the only ones a graph exists for."""
    return problem.subset(np.flatnonzero([bool(s.get("structure")) for s in problem.table["spec"]]))


def multimodal_comparison(problem: Problem, model_keys: list[str], metals: set[str]) -> tuple[Problem, list[dict]]:
    """Every descriptor model and the graph network, trained and scored on the structure subset only,
    on identical grouped splits (a fair table)."""
    subset = structure_subset(problem)
    graphs = graphs_for(subset, metals)
    results = []
    for scheme in subset.schemes:
        results += [grouped_cv(MODELS[k], subset, scheme, with_coverage=False) for k in model_keys]
        results.append(graph_grouped_cv(subset, graphs, scheme))
    return subset, results
