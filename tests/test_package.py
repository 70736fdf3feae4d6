"""`pip install .` (issue 18): a wheel built from the checkout, installed into a fresh virtual
environment, gives `import pricing` with its version and a `ketamine-cost` command that works from a
folder with no checkout in it (the defaults ship inside the package), printing exactly what
`python -m pricing` prints for every example in scenarios/.

The wheel is built without pip's build isolation (setuptools and wheel come with `make test`), so the
test needs no network. The fresh environment takes the engine's dependencies (numpy, pandas,
pydantic, PyYAML) from the test's own environment through a path entry: a nested .pth in that
entry is not processed, so the checkout's editable install cannot leak in, and the test checks that
`pricing` is imported from the fresh environment.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pricing import __version__
from tests.cli.expected_outputs import ROOT, all_outputs, run

pytestmark = pytest.mark.xdist_group("package")
JSON_OUTPUTS = [o for o in all_outputs() if "--json" in o.flags]


def _sh(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in argv], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the built wheel installed; returns its bin folder."""
    tmp = tmp_path_factory.mktemp("package")
    source = tmp / "source"  # a clean copy: the build writes build/ and *.egg-info into it
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copy(ROOT / "README.md", source)
    shutil.copytree(
        ROOT / "pricing", source / "pricing", ignore=shutil.ignore_patterns("__pycache__")
    )
    dist = tmp / "dist"
    built = _sh(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "--no-index", "-q", "-w", dist, source, cwd=tmp,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    wheel = next(dist.glob("ketamine_cost-*.whl"))
    assert f"-{__version__}-" in wheel.name
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert "pricing/defaults/insurance.yaml" in names, "the defaults ship inside the package"
    assert not any(n.startswith(("tests/", "app_pages/", "ui/")) for n in names)

    venv = tmp / "venv"
    made = _sh(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp)
    assert made.returncode == 0, made.stderr
    bin_dir = venv / "bin"
    site = _sh(
        bin_dir / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp
    ).stdout.strip()
    Path(site, "engine_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    install = _sh(
        sys.executable, "-m", "pip", "--python", bin_dir / "python", "install", "--no-deps",
        "--no-index", "-q", wheel, cwd=tmp,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    return bin_dir


def test_the_installed_package_is_the_wheel_not_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    shown = _sh(
        installed / "python", "-c", "import pricing; print(pricing.__version__, pricing.__file__)",
        cwd=tmp_path,
    )  # fmt: skip
    version, where = shown.stdout.split()
    assert version == __version__
    assert Path(where).is_relative_to(installed.parent), where
    assert not Path(where).is_relative_to(ROOT)


def test_ketamine_cost_prints_what_python_m_pricing_prints(installed: Path, tmp_path: Path) -> None:
    # A folder with the example files and nothing else: no checkout code to fall back on.
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    command = installed / "ketamine-cost"

    def both(output):  # type: ignore[no-untyped-def]
        return output, _sh(command, *output.argv, cwd=tmp_path)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(both, JSON_OUTPUTS))
    assert len(results) >= 15
    for output, printed in results:
        status, expected, _ = run(output)  # python -m pricing, in process, from the checkout
        assert printed.returncode == status == 0, (output.id, printed.stderr)
        assert printed.stdout.encode("utf-8") == expected, output.id


def test_bad_input_keeps_its_contract_when_installed(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("version: 1\nmodality: iv_ketamin\n")
    proc = _sh(installed / "ketamine-cost", "estimate", "bad.yaml", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("bad.yaml: modality: 'iv_ketamin' is not one of")
