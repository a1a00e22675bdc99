"""The Hypothesis entry-point hook: register footdrop's strategies only once footdrop is in use.

Hypothesis calls :func:`_hypothesis_setup_hook` through the ``hypothesis`` entry
point each time it is imported, in every environment where footdrop is installed,
whether or not the program uses footdrop. Registering there would import every
model and strategy (some 30 modules) into programs that never asked for them.
So the hook registers nothing itself until the models are imported:

* if the model layer (:mod:`footdrop.model`) is imported already, it registers now;
* otherwise it puts a finder on :data:`sys.meta_path` that waits for the model
  layer's first import and registers right after it, then takes itself off.

Either way, ``st.from_type(footdrop.Dose)`` works in any test that has footdrop's
classes in hand, because holding a class means its module, and so the model
layer, has been imported.

Registering means importing :mod:`footdrop.testing.strategies`. When that module
is what imports the models (or Hypothesis), it is half-built at that moment; the
hook then leaves the registration to the module, which calls the hook once more
at its end.

This module imports nothing of footdrop's at import time, and the package
``footdrop.testing`` imports its contents lazily, so the entry point itself costs
three small modules.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import types
    from collections.abc import Sequence

__all__ = ["MODEL_LAYER", "STRATEGIES", "_hypothesis_setup_hook"]

#: The package whose first import triggers the registration.
MODEL_LAYER = "footdrop.model"
#: The module holding the strategies and their registry.
STRATEGIES = "footdrop.testing.strategies"


def _hypothesis_setup_hook() -> None:
    """Register footdrop's strategies with :func:`hypothesis.strategies.from_type`, lazily.

    Hypothesis calls this through the ``hypothesis`` entry point declared in
    footdrop's ``pyproject.toml``. It registers now if footdrop's models are
    imported, and otherwise as soon as they are (see the module's docstring), so
    ``import hypothesis`` alone loads no footdrop model. Enums (``Side``,
    ``Weekday``, ...) need no registration: ``st.from_type`` samples their members.

    .. versionadded:: 0.1.0
    """
    if MODEL_LAYER in sys.modules:
        _register()
    elif not any(isinstance(finder, _AfterModelLayer) for finder in sys.meta_path):
        sys.meta_path.insert(0, _AfterModelLayer())


def _register() -> None:
    """Register every strategy of the registry, importing the strategies module if need be."""
    module = sys.modules.get(STRATEGIES)
    if module is None:
        # Importing it registers: the module calls the hook at its end.
        importlib.import_module(STRATEGIES)
        return
    registry = getattr(module, "_REGISTRY", None)
    if registry is None:  # half-built: the module calls the hook again when complete
        return
    from hypothesis import strategies  # noqa: PLC0415 - only once footdrop is in use

    for cls, strategy in registry.items():
        strategies.register_type_strategy(cls, strategy)


class _AfterModelLayer(importlib.abc.MetaPathFinder):
    """A one-shot finder: registers the strategies right after the model layer is imported."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,  # noqa: ARG002 - the finder protocol's signature
        target: types.ModuleType | None = None,  # noqa: ARG002 - see path
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != MODEL_LAYER:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)  # the finders that would have found it
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _RegisterAfter(spec.loader)
        return spec


class _RegisterAfter(importlib.abc.Loader):
    """Wraps the model layer's loader: runs the module, then registers the strategies."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        created: types.ModuleType | None = self._loader.create_module(spec)
        return created

    def exec_module(self, module: types.ModuleType) -> None:
        self._loader.exec_module(module)
        _register()

    def __getattr__(self, name: str) -> Any:
        # Resource readers and the like come from the real loader.
        return getattr(self._loader, name)
