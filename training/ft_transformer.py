"""A small FT-Transformer (Gorishniy et al. 2021) pretrained on unary clusters, with a Ridge head on its
frozen token embeddings: the second paper's transfer scheme, scaled down to pretrain in about ten
seconds on one CPU core (2 blocks, 4 heads, d = 16 instead of 6 blocks, 8 heads, d = 16).

Every featuriser column is a numeric token (x·w_j + b_j); host and dopant atomic numbers also get a
learned embedding token each (the paper's categorical tokens). Pretraining fits the whole network on
unary rows (`is_unary` = 1); fine-tuning freezes it and fits Ridge on the flattened token outputs.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import torch
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.linear_model import Ridge
from torch import nn

D_TOKEN = 16
N_HEADS = 4
N_BLOCKS = 2
D_FF = 64
MAX_Z = 119
# A one-cycle schedule over 15 epochs (was 25 at a constant rate with early stopping: 14 min for run_all);
# the epoch with the lowest validation loss is restored.
EPOCHS = 15
BATCH = 128
LR = 3e-3
RIDGE_ALPHA = 10.0


class Block(nn.Module):
    """Pre-norm transformer block; attention written out so the ONNX graph uses only MatMul/Softmax."""

    def __init__(self) -> None:
        super().__init__()
        self.norm1 = nn.LayerNorm(D_TOKEN)
        self.qkv = nn.Linear(D_TOKEN, 3 * D_TOKEN)
        self.out = nn.Linear(D_TOKEN, D_TOKEN)
        self.norm2 = nn.LayerNorm(D_TOKEN)
        self.ff = nn.Sequential(nn.Linear(D_TOKEN, D_FF), nn.SiLU(), nn.Dropout(0.05), nn.Linear(D_FF, D_TOKEN))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, t, _ = x.shape
        dh = D_TOKEN // N_HEADS
        q, k, v = self.qkv(self.norm1(x)).reshape(n, t, 3, N_HEADS, dh).permute(2, 0, 3, 1, 4)
        att = torch.softmax(q @ k.transpose(-1, -2) / dh ** 0.5, dim=-1)
        x = x + self.out((att @ v).transpose(1, 2).reshape(n, t, D_TOKEN))
        return x + self.ff(self.norm2(x))


class Backbone(nn.Module):
    """Raw featuriser row [N, F] → token outputs [N, T·d] (scaling is inside, so ONNX takes raw features)."""

    def __init__(self, columns: list[int], center: np.ndarray, scale: np.ndarray, z_columns: list[int]) -> None:
        super().__init__()
        self.register_buffer("columns", torch.tensor(columns, dtype=torch.long))
        self.register_buffer("z_columns", torch.tensor(z_columns, dtype=torch.long))
        self.register_buffer("center", torch.tensor(center, dtype=torch.float32))
        self.register_buffer("scale", torch.tensor(scale, dtype=torch.float32))
        self.weight = nn.Parameter(torch.randn(len(columns), D_TOKEN) * 0.3)
        self.bias = nn.Parameter(torch.zeros(len(columns), D_TOKEN))
        self.z_embedding = nn.Embedding(MAX_Z, D_TOKEN)
        self.cls = nn.Parameter(torch.zeros(1, 1, D_TOKEN))
        self.blocks = nn.Sequential(*[Block() for _ in range(N_BLOCKS)])
        self.norm = nn.LayerNorm(D_TOKEN)
        self.n_tokens = len(columns) + len(z_columns) + 1
        self.row_cache: dict[bytes, np.ndarray] = {}  # see embed(); only valid once the backbone is frozen

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        scaled = (x[:, self.columns] - self.center) / self.scale
        numeric = scaled.unsqueeze(-1) * self.weight + self.bias
        z = torch.clamp(x[:, self.z_columns], 0, MAX_Z - 1).long()
        tokens = torch.cat([self.cls.expand(x.shape[0], -1, -1), self.z_embedding(z), numeric], dim=1)
        return self.norm(self.blocks(tokens)).flatten(1)


class Pretrainer(nn.Module):
    def __init__(self, backbone: Backbone) -> None:
        super().__init__()
        self.backbone = backbone
        self.head = nn.Sequential(nn.Linear(backbone.n_tokens * D_TOKEN, 64), nn.GELU(), nn.Linear(64, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.backbone(x)).squeeze(-1)


def pretrain_backbone(X: np.ndarray, y: np.ndarray, feature_names: list[str], seed: int = 0,
                      cache: Path | None = None) -> Backbone:
    """Fit backbone + MLP head on the unary rows of (X, y); return the frozen backbone.

    With `cache`, the weights are stored there under a hash of everything that determines them (data,
    names, seed, this file's source, torch version), so a rerun on the same training set loads them.
    """
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    # Columns that vary over the whole training set; constant ones carry nothing.
    columns = [j for j in range(X.shape[1]) if np.ptp(X[:, j]) > 0]
    center = np.median(X[:, columns], axis=0)
    q75, q25 = np.percentile(X[:, columns], [75, 25], axis=0)
    scale = np.where(q75 - q25 > 0, q75 - q25, X[:, columns].std(axis=0) + 1e-6)
    z_columns = [feature_names.index("host_z"), feature_names.index("dopant_z")]
    backbone = Backbone(columns, center, scale, z_columns)
    stored = cache / f"{_pretraining_key(X, y, feature_names, seed)}.pt" if cache else None
    if stored and stored.exists():
        backbone.load_state_dict(torch.load(stored))
    else:
        _pretrain(backbone, X, y, feature_names, seed)
        if stored:
            stored.parent.mkdir(parents=True, exist_ok=True)
            torch.save(backbone.state_dict(), stored)
    backbone.eval()
    for p in backbone.parameters():
        p.requires_grad_(False)
    return backbone


def _pretraining_key(X: np.ndarray, y: np.ndarray, feature_names: list[str], seed: int) -> str:
    digest = hashlib.sha256()
    for part in (np.ascontiguousarray(X, dtype=np.float64).tobytes(), np.ascontiguousarray(y, dtype=np.float64).tobytes(),
                 "\0".join(feature_names).encode(), str(seed).encode(), torch.__version__.encode(),
                 Path(__file__).read_bytes()):
        digest.update(part)
    return digest.hexdigest()[:24]


def _pretrain(backbone: Backbone, X: np.ndarray, y: np.ndarray, feature_names: list[str], seed: int) -> None:
    """Train `backbone` in place (with a throwaway MLP head) on the unary rows, keeping the best epoch."""
    unary = X[:, feature_names.index("is_unary")] == 1
    Xu, yu = X[unary].astype(np.float32), y[unary].astype(np.float32)
    model = Pretrainer(backbone)
    y_mean, y_std = float(yu.mean()), float(yu.std() + 1e-6)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(Xu))
    n_val = max(1, len(Xu) // 10)
    val, train = order[:n_val], order[n_val:]
    xt, yt = torch.tensor(Xu[train]), torch.tensor((yu[train] - y_mean) / y_std)
    xv, yv = torch.tensor(Xu[val]), torch.tensor((yu[val] - y_mean) / y_std)
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=LR, epochs=EPOCHS,
                                                   steps_per_epoch=-(-len(xt) // BATCH), pct_start=0.25)
    best, best_state = np.inf, None
    for _ in range(EPOCHS):
        model.train()
        for idx in torch.randperm(len(xt)).split(BATCH):
            opt.zero_grad()
            loss = nn.functional.smooth_l1_loss(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            schedule.step()
        model.eval()
        with torch.no_grad():
            val_loss = float(nn.functional.l1_loss(model(xv), yv))
        if val_loss < best:
            best = val_loss
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)


def embed(backbone: Backbone, X: np.ndarray) -> np.ndarray:
    """Token outputs of each row. The frozen backbone is shared by all CV+ fold heads of a training set,
    and CV+ asks for the same rows many times (K heads, K folds, three levels), so rows are embedded
    once: the cache lives on the backbone and dies with it."""
    rows = np.ascontiguousarray(X, dtype=np.float32)
    cache: dict[bytes, np.ndarray] = backbone.row_cache
    keys = [row.tobytes() for row in rows]
    todo = [i for i, k in enumerate(keys) if k not in cache]
    if todo:
        with torch.no_grad():
            fresh = np.concatenate([backbone(torch.from_numpy(rows[todo[i:i + 2048]])).numpy()
                                    for i in range(0, len(todo), 2048)])
        cache.update(zip((keys[i] for i in todo), fresh))
    return np.stack([cache[k] for k in keys])


class FTRidge(BaseEstimator, RegressorMixin):
    """Ridge on frozen FT-Transformer embeddings. `backbone` is pretrained by `pretrain_backbone`."""

    def __init__(self, backbone: Backbone | None = None, alpha: float = RIDGE_ALPHA):
        self.backbone = backbone
        self.alpha = alpha

    def fit(self, X, y):
        E = embed(self.backbone, np.asarray(X))
        self.mean_, self.std_ = E.mean(axis=0), E.std(axis=0) + 1e-6
        self.ridge_ = Ridge(alpha=self.alpha).fit((E - self.mean_) / self.std_, y)
        return self

    def predict(self, X):
        E = embed(self.backbone, np.asarray(X))
        return self.ridge_.predict((E - self.mean_) / self.std_)

    def linear_head(self) -> tuple[np.ndarray, float]:
        """The head as w·E + b on raw embeddings (standardisation folded in), for export."""
        w = self.ridge_.coef_ / self.std_
        return w, float(self.ridge_.intercept_ - (w * self.mean_).sum())
