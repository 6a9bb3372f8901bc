#!/usr/bin/python3
"""Writes the scikit-learn reference fixture that MetricsFixtureTest compares org.dlnotes.metrics against.

The fixture is committed, so the Java tests never need Python. To regenerate it (Debian bookworm, as root):

    apt-get install -y python3-sklearn          # scikit-learn 1.2.1, numpy 1.24.2 on bookworm
    /usr/bin/python3 src/test/python/sklearn_fixture.py

It overwrites src/test/resources/org/dlnotes/metrics/sklearn-fixture.json with one JSON object per case in the
list "cases". Generation is seeded, so rerunning with the same scikit-learn and numpy gives the same file.
Every case stores its inputs and the values scikit-learn returns for them; labels are always passed explicitly
as range(n_classes), the convention of the Java API (classes are 0..n_classes-1).
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn import metrics as m

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "org", "dlnotes", "metrics",
                   "sklearn-fixture.json")
rng = np.random.default_rng(20261123)
# Undefined precision/recall and absent classes are cases on purpose; their warnings are expected.
warnings.simplefilter("ignore")


def floats(a):
    return [float(x) for x in np.asarray(a, dtype=float).ravel()]


def prf(y_true, y_pred, k, average, zero_division, beta=1.0, pos_label=1):
    p, r, f, _ = m.precision_recall_fscore_support(
        y_true, y_pred, labels=list(range(k)), average=average, beta=beta, zero_division=zero_division,
        pos_label=pos_label)
    if average is None:
        return {"precision": floats(p), "recall": floats(r), "f": floats(f)}
    return {"precision": float(p), "recall": float(r), "f": float(f)}


def classification_case(name, y_true, y_pred, k):
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    labels = list(range(k))
    case = {"kind": "labels", "name": name, "classes": k, "truth": y_true.tolist(), "predicted": y_pred.tolist(),
            "confusion": m.confusion_matrix(y_true, y_pred, labels=labels).ravel().tolist(),
            "accuracy": float(m.accuracy_score(y_true, y_pred)),
            "balanced_accuracy": float(m.balanced_accuracy_score(y_true, y_pred))}
    averages = {}
    for zd in (0, 1):
        for beta in (1.0, 2.0, 0.5):
            for avg in ("macro", "micro", "weighted", None):
                key = "%s/%d/%s" % (avg or "per_class", zd, beta)
                averages[key] = prf(y_true, y_pred, k, avg, zd, beta)
            if k == 2:
                for pos in (0, 1):
                    averages["binary%d/%d/%s" % (pos, zd, beta)] = prf(y_true, y_pred, k, "binary", zd, beta, pos)
    case["scores"] = averages
    case["report2"] = m.classification_report(y_true, y_pred, labels=labels, digits=2, zero_division=0)
    case["report4"] = m.classification_report(y_true, y_pred, labels=labels, digits=4, zero_division=0)
    return case


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def probability_case(name, y_true, proba):
    y_true = np.asarray(y_true)
    n, k = proba.shape
    labels = list(range(k))
    ll = float(m.log_loss(y_true, proba, labels=labels))
    case = {"kind": "probabilities", "name": name, "classes": k, "truth": y_true.tolist(), "scores": floats(proba),
            "log_loss": ll, "perplexity": math.exp(ll),
            "accuracy_argmax": float(m.accuracy_score(y_true, proba.argmax(axis=1)))}
    if k >= 3:
        case["top_k"] = {str(t): float(m.top_k_accuracy_score(y_true, proba, k=t, labels=labels))
                         for t in range(1, k)}
        if len(np.unique(y_true)) == k:
            case["roc_auc_ovr_macro"] = float(m.roc_auc_score(y_true, proba, multi_class="ovr", average="macro",
                                                              labels=labels))
    return case


def binary_case(name, y_true, score, pos_label):
    y_true = np.asarray(y_true)
    fpr, tpr, thr = m.roc_curve(y_true, score, pos_label=pos_label)
    prec, rec, pthr = m.precision_recall_curve(y_true, score, pos_label=pos_label)
    return {"kind": "binary_scores", "name": name, "truth": y_true.tolist(), "scores": floats(score),
            "positive": pos_label,
            "roc_fpr": floats(fpr), "roc_tpr": floats(tpr), "roc_thresholds": floats(thr),
            "roc_auc": float(m.auc(fpr, tpr)) if pos_label != 1 else float(m.roc_auc_score(y_true, score)),
            "pr_precision": floats(prec), "pr_recall": floats(rec), "pr_thresholds": floats(pthr),
            "average_precision": float(m.average_precision_score(y_true, score, pos_label=pos_label))}


def regression_case(name, y_true, y_pred):
    return {"kind": "regression", "name": name, "rows": int(y_true.shape[0]),
            "outputs": 1 if y_true.ndim == 1 else int(y_true.shape[1]),
            "truth": floats(y_true), "predicted": floats(y_pred),
            "mse": float(m.mean_squared_error(y_true, y_pred)),
            "rmse": float(m.mean_squared_error(y_true, y_pred, squared=False)),
            "mae": float(m.mean_absolute_error(y_true, y_pred)),
            "r2": float(m.r2_score(y_true, y_pred))}


cases = []

# Labels: random binary and multi-class, noisy predictions, absent classes, single class, perfect and worst.
for i in range(150):
    k = int(rng.integers(2, 7))
    n = int(rng.integers(1, 60))
    y_true = rng.integers(0, k, n)
    noise = rng.random()
    y_pred = np.where(rng.random(n) < noise, rng.integers(0, k, n), y_true)
    cases.append(classification_case("random-%d" % i, y_true, y_pred, k))
for i in range(20):
    k = int(rng.integers(3, 6))
    n = int(rng.integers(5, 40))
    y_true = rng.integers(0, k, n)
    y_pred = np.minimum(rng.integers(0, k, n), k - 2)          # class k-1 never predicted
    cases.append(classification_case("absent-from-predictions-%d" % i, y_true, y_pred, k))
    y_true2 = np.minimum(rng.integers(0, k, n), k - 2)          # class k-1 never true
    cases.append(classification_case("absent-from-truth-%d" % i, y_true2, rng.integers(0, k, n), k))
for k in (1, 2, 3):
    cases.append(classification_case("single-class-all-zero-k%d" % k, [0] * 7, [0] * 7, k))
cases.append(classification_case("single-true-class-k2", [1] * 6, [1, 0, 1, 1, 0, 1], 2))
cases.append(classification_case("nothing-positive-k2", [0] * 5, [0, 0, 0, 0, 0], 2))
cases.append(classification_case("all-predicted-positive-k2", [0, 0, 1, 0], [1, 1, 1, 1], 2))
for k in (2, 3, 5):
    y_true = rng.integers(0, k, 30)
    cases.append(classification_case("perfect-k%d" % k, y_true, y_true, k))
    cases.append(classification_case("worst-k%d" % k, y_true, (y_true + 1) % k, k))

# Probabilities: softmax of random logits; some rounded (ties), some with exact 0 and 1 (log-loss clipping).
for i in range(90):
    k = int(rng.integers(2, 6))
    n = int(rng.integers(2, 50))
    y_true = rng.integers(0, k, n)
    logits = rng.normal(0, 2, (n, k))
    logits[np.arange(n), y_true] += rng.random() * 3
    proba = softmax(logits)
    if i % 3 == 1:
        proba = np.round(proba, 1)
        proba[proba.sum(axis=1) == 0, 0] = 1.0
        proba = proba / proba.sum(axis=1, keepdims=True)
    if i % 5 == 2:
        proba = np.zeros((n, k))
        proba[np.arange(n), rng.integers(0, k, n)] = 1.0
    cases.append(probability_case("proba-%d" % i, y_true, proba))
y_true = np.array([0, 1, 2, 2, 1, 0, 2])
cases.append(probability_case("perfect-proba", y_true, np.eye(3)[y_true]))
cases.append(probability_case("worst-proba", y_true, np.eye(3)[(y_true + 1) % 3]))
cases.append(probability_case("uniform-proba", y_true, np.full((7, 3), 1 / 3)))

# Binary scores: continuous, tied (rounded), integer scores, negative logits, both positive labels.
for i in range(150):
    n = int(rng.integers(2, 80))
    y_true = rng.integers(0, 2, n)
    if len(np.unique(y_true)) < 2:
        y_true[0], y_true[-1] = 0, 1
    signal = rng.random() * 3
    score = rng.normal(0, 1, n) + signal * y_true
    if i % 4 == 1:
        score = np.round(score, 0)                      # heavy ties
    elif i % 4 == 2:
        score = 1 / (1 + np.exp(-score))                # probabilities
    elif i % 4 == 3:
        score = np.round(1 / (1 + np.exp(-score)), 1)   # tied probabilities
    cases.append(binary_case("binary-%d" % i, y_true, score, 1 if i % 5 else 0))
cases.append(binary_case("binary-perfect", [0, 0, 1, 1, 1], np.array([0.1, 0.2, 0.7, 0.8, 0.9]), 1))
cases.append(binary_case("binary-worst", [0, 0, 1, 1, 1], np.array([0.9, 0.8, 0.3, 0.2, 0.1]), 1))
cases.append(binary_case("binary-all-tied", [0, 1, 0, 1, 1], np.full(5, 0.5), 1))

# Regression: single and multi-output.
for i in range(60):
    n = int(rng.integers(2, 60))
    shape = (n,) if i % 3 else (n, int(rng.integers(2, 4)))
    y_true = rng.normal(0, 3, shape)
    y_pred = y_true + rng.normal(0, rng.random() * 2, shape)
    if i % 7 == 3:
        y_pred = rng.normal(0, 3, shape)                # worse than the mean: negative R²
    cases.append(regression_case("regression-%d" % i, y_true, y_pred))
cases.append(regression_case("regression-perfect", np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0])))
cases.append(regression_case("regression-constant-truth", np.array([2.0, 2.0, 2.0]), np.array([1.0, 2.0, 3.0])))
cases.append(regression_case("regression-constant-exact", np.array([2.0, 2.0]), np.array([2.0, 2.0])))

with open(OUT, "w") as f:
    json.dump({"generator": "src/test/python/sklearn_fixture.py", "sklearn": sklearn.__version__,
               "numpy": np.__version__, "python": sys.version.split()[0], "cases": cases}, f, separators=(",", ":"))
print("wrote %d cases to %s (scikit-learn %s)" % (len(cases), os.path.normpath(OUT), sklearn.__version__))
