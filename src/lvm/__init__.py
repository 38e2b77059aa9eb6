"""lvm: tell whether a statement describes management, leadership, both, or neither.

The package imports nothing heavy; scikit-learn loads on the first call that
needs a model, so ``lvm --help`` starts fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

LABELS: tuple[str, ...] = ("management", "leadership", "both", "neither")


def classify(statements, model=None):
    """Tag each statement; see :func:`lvm.predict.classify`."""
    from .predict import classify as _classify

    return _classify(statements, model=model)


__all__ = ["LABELS", "__version__", "classify"]
