"""The engine is plain Python: importing it must not import Django."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PLAIN_MODULES = sorted(
    str(path.relative_to(REPO))
    for folder in ("interpretation/engine", "interpretation/fhir")
    for path in (REPO / folder).glob("*.py")
) + ["bench/engine.py"]


@pytest.mark.parametrize("path", PLAIN_MODULES)
def test_the_source_imports_no_django(path):
    tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert not {name for name in imported if name.split(".")[0] == "django"}


def test_importing_the_engine_loads_no_django_module():
    # A fresh interpreter: this test process may have Django loaded by others.
    code = (
        "import sys\n"
        "import interpretation.engine, interpretation.fhir, bench.engine\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not loaded, loaded\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
