"""The core stays free of the web stack: importing it loads no Panel, Bokeh or Param."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Imports every module of the package, as found on disk, then looks for the web libraries.
CHECK = """
import importlib, pkgutil, sys
import demo_core
names = sorted(info.name for info in pkgutil.iter_modules(demo_core.__path__))
for name in names:
    importlib.import_module("demo_core." + name)
loaded = sorted(m for m in ("panel", "bokeh", "param") if m in sys.modules)
assert not loaded, loaded
print(" ".join(names))
"""


def _run(script):
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_demo_core_never_imports_panel_bokeh_or_param():
    result = _run(CHECK)
    assert result.returncode == 0, result.stderr
    imported = set(result.stdout.split())
    assert {"datasets", "geometry", "gradcheck", "losses", "model", "optim", "trainer"} <= imported


def test_the_check_would_see_a_web_import():
    # The same script with a web library imported first must fail: the check has teeth.
    result = _run("import param\n" + CHECK)
    assert result.returncode != 0
    assert "param" in result.stderr
