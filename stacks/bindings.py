"""Load the jsii bindings quietly, and the AWS provider bindings without their index.

`import cdktf_cdktf_provider_aws` runs the package's `__init__`, which imports
all of its ~2,200 resource modules: about 12 s and hundreds of MB before one
resource exists. Each resource module imports what it needs itself (the jsii
assembly in `cdktf_cdktf_provider_aws._jsii`, cdktf, constructs), so the index
is not needed to use one. `install()` registers the package in `sys.modules`
as a module built from its own import spec, with its search path but without
running its `__init__`; the ordinary statement
`from cdktf_cdktf_provider_aws.sqs_queue import SqsQueue` then imports just
that module. Only documented importlib machinery is used, and nothing of the
third-party package is copied or changed.

Set APIDEST_EAGER_BINDINGS=1 to import the package the usual way (the benchmark
and the equivalence test compare both paths).
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
import sys

PACKAGE = "cdktf_cdktf_provider_aws"
EAGER_ENV_VAR = "APIDEST_EAGER_BINDINGS"

# jsii's documented switch for its "Node.js <major> is end-of-life" banner,
# which it prints on every run under Node.js 20 (the version tested here).
_SILENCED_NODE_MAJORS = "20"


def install() -> None:
    """Make `cdktf_cdktf_provider_aws.<module>` importable without the package index."""
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", _SILENCED_NODE_MAJORS)
    if PACKAGE in sys.modules:
        return
    if os.environ.get(EAGER_ENV_VAR) == "1":
        importlib.import_module(PACKAGE)
        return
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.submodule_search_locations is None:
        raise ModuleNotFoundError(
            f"{PACKAGE} is not installed; run the set-up in README.md", name=PACKAGE
        )
    package = importlib.util.module_from_spec(
        importlib.machinery.ModuleSpec(PACKAGE, None, is_package=True)
    )
    package.__path__ = list(spec.submodule_search_locations)
    sys.modules[PACKAGE] = package
