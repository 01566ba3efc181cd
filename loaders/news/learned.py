"""The shared part of the news extractor's small learned models (party_model.py, host_model.py):
loading a shipped weights file and scoring a feature dict with it. A model is a logistic
regression over standardised features; its JSON holds the feature names, mean, scale, weights,
threshold and the cross-validated figures it was chosen by (loaders/news/train_models.py)."""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

# cue words both models read a sentence by
VISIT_CUE = re.compile(r"考察|拜访|参观|调研|走访|拜会|到访|顺访|回访|参访|察看|视察|看望|造访|观摩|访问|面拜|拜望")
TALK_CUE = re.compile(r"座谈|洽谈|会谈|沟通|交流|对接|商谈|会晤")


@lru_cache(maxsize=4)
def load(path: Path, features: tuple[str, ...]) -> dict | None:
    """The model in ``path`` (None when the file is absent: the rules alone then). A model
    whose training did not keep it has ``"use": false``: the extractor ignores it."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != features:
        raise ValueError(f"{path}: trained on features {data['features']}, this code has {list(features)}; "
                         "retrain with `python -m loaders.news.train_models`")
    return data


def probability(f: dict, model: dict) -> float:
    x = [f[k] for k in model["features"]]
    x = [(v - mu) / sd for v, mu, sd in zip(x, model["mean"], model["scale"])]
    z = sum(w * v for w, v in zip(model["weights"], x))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def mention_hits(sentences: list[str], ents: list) -> dict:
    """For each entity of ``ents``: (sentence, offset, mention) of every place it is named on its
    own — not inside a longer name of another of ``ents`` (中国电建集团 inside 中国电建集团河北…研究院)."""
    spans: dict[int, list] = {}
    for e in ents:
        for m in {m for m in e.mentions if m and len(m) >= 2}:
            for j, s in enumerate(sentences):
                k = s.find(m)
                while k >= 0:
                    spans.setdefault(j, []).append((k, k + len(m)))
                    k = s.find(m, k + 1)
    out = {}
    for e in ents:
        men = sorted({m for m in e.mentions if m and len(m) >= 2}, key=len, reverse=True)
        hits = []
        for j, s in enumerate(sentences):
            for m in men:
                k = s.find(m)
                while k >= 0:
                    if not any(a <= k and k + len(m) <= b and b - a > len(m) for a, b in spans.get(j, ())):
                        hits.append((j, k, m))
                    k = s.find(m, k + 1)
        out[id(e)] = hits
    return out
