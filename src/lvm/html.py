"""Render a report as one self-contained HTML page: inline SVG charts, no network.

Charts are drawn by matplotlib (imported only here) and embedded as SVG
text; fonts are the system's, so the page loads nothing from anywhere.
"""

from __future__ import annotations

import html
import io
from typing import Any

from . import LABELS
from .errors import LvmError

COLOURS = {"management": "#1f77b4", "leadership": "#d62728", "both": "#2ca02c", "neither": "#b0b0b0"}

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.92rem; }
th, td { border: 1px solid #ddd; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.label { font-weight: 600; } .note { color: #555; font-size: 0.9rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; } figure { margin: 0; }
"""


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise LvmError("the HTML report needs matplotlib: pip install 'lvm[report]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "lvm", "font.size": 10})
    return plt


def _svg(fig) -> str:
    """The figure as inline SVG text; the figure is closed."""
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    no_metadata = {"Creator": None, "Date": None, "Format": None, "Type": None}
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata=no_metadata)
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog and DOCTYPE, which point at w3.org


def shares_chart(report: dict[str, Any]) -> str:
    plt = _pyplot()
    docs = report["documents"]
    fig, ax = plt.subplots(figsize=(8, 0.5 + 0.45 * max(len(docs), 1)))
    left = [0.0] * len(docs)
    names = [d["doc"] for d in docs]
    for label in LABELS:
        values = [d["shares"].get(label, 0.0) * 100 for d in docs]
        ax.barh(names, values, left=left, color=COLOURS[label], label=label)
        left = [a + b for a, b in zip(left, values)]
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of statements (%), boilerplate excluded")
    ax.invert_yaxis()
    ax.legend(ncol=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    ax.set_title("Label shares per document", pad=28)
    return _svg(fig)


def confusion_chart(metrics: dict[str, Any]) -> str:
    plt = _pyplot()
    matrix = metrics["confusion"]
    labels = metrics["labels"]
    fig, ax = plt.subplots(figsize=(4.6, 4))
    image = ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    peak = max(max(row) for row in matrix) or 1
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            ax.text(j, i, str(value), ha="center", va="center", color="white" if value > peak / 2 else "black")
    fig.colorbar(image, ax=ax, fraction=0.046)
    ax.set_title("Confusion matrix (cross-validated)")
    return _svg(fig)


def f1_chart(cv: dict[str, Any]) -> str:
    plt = _pyplot()
    labels = list(LABELS)
    model = [cv["model"]["per_class"][label]["f1"] for label in labels]
    baseline = [cv["baseline"]["per_class"][label]["f1"] for label in labels]
    fig, ax = plt.subplots(figsize=(5, 3.4))
    x = range(len(labels))
    ax.bar([i - 0.2 for i in x], model, width=0.4, label=f"model (macro {cv['model']['f1_macro']:.2f})", color="#1f77b4")
    ax.bar([i + 0.2 for i in x], baseline, width=0.4, label=f"keyword baseline (macro {cv['baseline']['f1_macro']:.2f})", color="#ff7f0e")
    ax.set_xticks(list(x), labels)
    ax.set_ylim(0, 1)
    ax.set_ylabel("F1")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Per-class F1: model vs keyword baseline")
    return _svg(fig)


def _table(headers: list[str], rows: list[list[Any]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(
            f"<td class='num'>{html.escape(str(cell))}</td>" if i in numeric else f"<td>{html.escape(str(cell))}</td>"
            for i, cell in enumerate(row)
        ) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: dict[str, Any]) -> str:
    model = report["model"]
    cv = model.get("cv")
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>lvm report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>lvm report: management, leadership, both, neither</h1>",
        f"<p class='note'>{report['totals']['statements']} statements in {len(report['documents'])} document(s); "
        f"{report['totals']['boilerplate']} boilerplate statements excluded. Model: {html.escape(str(model['origin']))}, "
        f"trained {html.escape(str(model['created']))} on {model['rows']} labelled statements.</p>",
        "<h2>Which documents lean to leadership or management</h2>",
        f"<figure id='chart-shares'>{shares_chart(report)}</figure>",
        _table(
            ["document", "statements", *LABELS, "boilerplate"],
            [[d["doc"], d["statements"], *(f"{d['shares'].get(l, 0):.0%}" for l in LABELS), d["boilerplate"]] for d in report["documents"]],
            numeric={1, 2, 3, 4, 5, 6},
        ),
    ]
    if cv:
        parts += [
            "<h2>How far to trust the model</h2>",
            f"<p class='note'>Scores on statements the scored model never saw ({html.escape(cv.get('protocol', ''))}). "
            "The keyword baseline tags lead* as leadership, manag* as management, both as both, none as neither.</p>",
            "<div class='charts'>",
            f"<figure id='chart-f1'>{f1_chart(cv)}</figure>",
            f"<figure id='chart-confusion'>{confusion_chart(cv['model'])}</figure>",
            "</div>",
            _table(
                ["label", "precision", "recall", "F1", "baseline F1", "support"],
                [[l, f"{cv['model']['per_class'][l]['precision']:.3f}", f"{cv['model']['per_class'][l]['recall']:.3f}",
                  f"{cv['model']['per_class'][l]['f1']:.3f}", f"{cv['baseline']['per_class'][l]['f1']:.3f}",
                  cv['model']['per_class'][l]['support']] for l in LABELS]
                + [["macro-F1", "", "", f"{cv['model']['f1_macro']:.3f}", f"{cv['baseline']['f1_macro']:.3f}", cv["model"]["n"]]],
                numeric={1, 2, 3, 4, 5},
            ),
        ]
    parts.append("<h2>Most confident statements per label</h2>")
    rows = [[label, s["doc"], s["index"], s["text"], f"{s['confidence']:.3f}"] for label, items in report["most_confident"].items() for s in items]
    parts.append(_table(["label", "document", "#", "statement", "confidence"], rows, numeric={2, 4}))
    parts.append("<h2>Where the model is least sure (label these next)</h2>")
    rows = [[s["doc"], s["index"], s["text"], s["label"], f"{s['margin']:.3f}"] for s in report["least_sure"]]
    parts.append(_table(["document", "#", "statement", "guess", "margin to 2nd"], rows, numeric={1, 4}))
    parts.append("<h2>Top terms per label (model coefficients)</h2>")
    width = max(len(v) for v in report["top_terms"].values())
    rows = [[*(f"{report['top_terms'][l][i]['term']} ({report['top_terms'][l][i]['weight']:+.2f})" if i < len(report["top_terms"][l]) else "" for l in LABELS)] for i in range(width)]
    parts.append(_table(list(LABELS), rows))
    parts.append("<h2>Model card</h2>")
    parts.append(_table(["field", "value"], [
        ["card", model["card"]], ["created", model["created"]], ["training rows", model["rows"]],
        ["rows per label", model["rows_per_label"]], ["settings", model["settings"]],
        ["lvm / scikit-learn", f"{model['lvm_version']} / {model['sklearn_version']}"],
    ]))
    parts.append("</body></html>")
    return "\n".join(parts)
