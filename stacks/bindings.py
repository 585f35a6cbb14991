"""Load the jsii bindings quietly, and the AWS provider only as far as the stack uses it.

Two halves, one per language, each loading only what the stack touches:

- Python: `import cdktf_cdktf_provider_aws` runs the package's `__init__`, which
  imports all of its ~2,200 resource modules. Each resource module imports what
  it needs itself (the jsii assembly in `cdktf_cdktf_provider_aws._jsii`, cdktf,
  constructs), so the index is not needed to use one. `install()` registers the
  package in `sys.modules` as a module built from its own import spec, with its
  search path but without running its `__init__`; the ordinary statement
  `from cdktf_cdktf_provider_aws.sqs_queue import SqsQueue` then imports just
  that module. Only documented importlib machinery is used.
- Node.js: the jsii kernel `require`s the provider's JavaScript index, which
  `require`s every resource module. `install()` preloads `lazy_provider.js`
  into the kernel's Node.js process (`--require` in NODE_OPTIONS, which jsii's
  process inherits), which serves that index with getters that load a module
  on first use.

Nothing of the third-party packages is copied or changed. Set
APIDEST_EAGER_BINDINGS=1 to load both the usual way, or APIDEST_LAZY_NODE=0 to
keep only the Python half (the benchmark and the equivalence test compare all
three).

Which CDK: cdktf 0.21 (the default) or, with APIDEST_CDK=terrain, CDK Terrain
(`cdktn`, `cdktn_provider_aws`; requirements-cdktn.txt), its community
continuation. This is the one place that knows: the code imports `cdktf` and
`cdktf_cdktf_provider_aws`, and on CDK Terrain those names are given to its
packages, which have the same API under new names.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

PACKAGE = "cdktf_cdktf_provider_aws"
CDK_ENV_VAR = "APIDEST_CDK"
# The package names, by CDK: (the core, the AWS provider).
PACKAGES = {"cdktf": ("cdktf", PACKAGE), "terrain": ("cdktn", "cdktn_provider_aws")}
EAGER_ENV_VAR = "APIDEST_EAGER_BINDINGS"
LAZY_NODE_ENV_VAR = "APIDEST_LAZY_NODE"
PRELOAD = Path(__file__).resolve().with_name("lazy_provider.js")

# jsii's documented switch for its "Node.js <major> is end-of-life" banner,
# which it prints on every run under Node.js 20 (the version tested here).
_SILENCED_NODE_MAJORS = "20"


def cdk() -> str:
    """The CDK chosen by APIDEST_CDK: "cdktf" (unset) or "terrain"."""
    chosen = os.environ.get(CDK_ENV_VAR) or "cdktf"
    if chosen not in PACKAGES:
        raise SystemExit(f"{CDK_ENV_VAR} = {chosen!r}: expected one of {', '.join(PACKAGES)}")
    return chosen


def install() -> None:
    """Make `cdktf` and `cdktf_cdktf_provider_aws.<module>` importable, the provider
    without either index."""
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", _SILENCED_NODE_MAJORS)
    if PACKAGE in sys.modules:
        return
    core, provider = PACKAGES[cdk()]
    if core != "cdktf":
        sys.modules["cdktf"] = _imported(core)
    if os.environ.get(EAGER_ENV_VAR) == "1":
        _imported(provider)
        for name, module in list(sys.modules.items()):
            if name == provider or name.startswith(provider + "."):
                sys.modules[PACKAGE + name.removeprefix(provider)] = module
        return
    if os.environ.get(LAZY_NODE_ENV_VAR) != "0":
        _preload_in_node()
    spec = importlib.util.find_spec(provider)
    if spec is None or spec.submodule_search_locations is None:
        raise ModuleNotFoundError(_not_installed(provider), name=provider)
    package = importlib.util.module_from_spec(
        importlib.machinery.ModuleSpec(PACKAGE, None, is_package=True)
    )
    package.__path__ = list(spec.submodule_search_locations)
    sys.modules[PACKAGE] = package


def _imported(name: str) -> object:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        raise ModuleNotFoundError(_not_installed(name), name=name) from None


def _not_installed(name: str) -> str:
    where = "requirements-cdktn.txt" if cdk() == "terrain" else "requirements.txt"
    return f"{name} is not installed; run the set-up in README.md ({where})"


_PRELOAD_OPTION = '--require "' + str(PRELOAD).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _preload_in_node() -> None:
    """Add `--require lazy_provider.js` to NODE_OPTIONS for the jsii kernel's Node.js process,
    before that process starts (it starts with the first jsii import)."""
    current = os.environ.get("NODE_OPTIONS", "")
    if _PRELOAD_OPTION not in current:
        os.environ["NODE_OPTIONS"] = f"{current} {_PRELOAD_OPTION}".strip()


def without_preload(node_options: str) -> str:
    """NODE_OPTIONS as they were before `install()`, for a child that chooses its own path."""
    return " ".join(node_options.replace(_PRELOAD_OPTION, "").split())
