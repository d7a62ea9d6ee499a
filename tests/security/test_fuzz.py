"""Each atheris target in fuzz/ for a bounded number of iterations (skipped without atheris)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"
RUNS = 2000

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None,
    reason="atheris is not installed (pip install atheris; it needs a CPython wheel or clang)",
)


@pytest.mark.parametrize("target", ["fuzz_feeds.py", "fuzz_extract.py", "fuzz_sanitize.py"])
def test_fuzz_target_finds_nothing(target: str, tmp_path: Path):
    done = subprocess.run(
        [
            sys.executable,
            str(FUZZ / target),
            f"-runs={RUNS}",
            "-seed=1",
            f"-artifact_prefix={tmp_path}/",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    ran = re.search(r"Done (\d+) runs", output)
    assert ran and int(ran.group(1)) == RUNS, output[-1000:]
    print(f"\n{target}: {ran.group(1)} iterations, no crash")
