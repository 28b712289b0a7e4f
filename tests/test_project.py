"""The project's promises about itself: the README's commands and files, and what CI runs."""

from __future__ import annotations

import re
import subprocess
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    """The shell commands of the README's quick start."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", quick_start, flags=re.DOTALL)


def test_readme_gives_exactly_two_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    run, test = commands
    assert "pip install" in run and "linear-classify" in run
    assert '".[test]"' in test and "pytest" in test


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci


def test_top_level_holds_only_the_agreed_entries() -> None:
    allowed = {
        "pyproject.toml", "README.md", "Dockerfile", ".dockerignore", ".gitignore", ".ci",
        "app", "demo_core", "static", "tests",
    }  # fmt: skip
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    top_level = {path.split("/", 1)[0] for path in tracked}
    assert top_level <= allowed, top_level - allowed


@pytest.mark.parametrize(
    ("path", "language"),
    [("app/deploy/nginx.conf.template", "nginx"), ("app/deploy/kubernetes.yaml", "yaml")],
)
def test_readme_shows_the_deployment_files_verbatim(path: str, language: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    text = (ROOT / path).read_text(encoding="utf-8")
    assert f"```{language}\n{text}```\n" in readme, f"README's {language} block differs from {path}"


#: Packages whose private internals the app relies on: pyproject.toml caps each of them at the
#: versions they were checked on, and the installed ones must lie in that range.
CHECKED_PACKAGES = ("panel", "bokeh")


def declared_requirements() -> dict[str, Requirement]:
    """The runtime dependencies of pyproject.toml, by package name."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        dependencies = tomllib.load(file)["project"]["dependencies"]
    return {requirement.name: requirement for requirement in map(Requirement, dependencies)}


@pytest.mark.parametrize("package", CHECKED_PACKAGES)
def test_checked_packages_are_capped_below_their_next_minor_version(package: str) -> None:
    requirement = declared_requirements()[package]
    (lower,) = (spec for spec in requirement.specifier if spec.operator == ">=")
    (upper,) = (spec for spec in requirement.specifier if spec.operator == "<")
    low = Version(lower.version)
    assert Version(upper.version) == Version(f"{low.major}.{low.minor + 1}"), requirement


@pytest.mark.parametrize("package", CHECKED_PACKAGES)
def test_installed_checked_packages_are_in_the_declared_range(package: str) -> None:
    requirement = declared_requirements()[package]
    installed = version(package)
    assert requirement.specifier.contains(installed, prereleases=True), (
        f"{package} {installed} is installed, but the app was checked on {package}"
        f"{requirement.specifier} only (pyproject.toml). Its private hooks into {package} may "
        f"now fail without a word: check each of them on {package} {installed}, then change the "
        "range in pyproject.toml, or install a version in the range."
    )


def test_every_test_module_has_a_name_of_its_own() -> None:
    """Test modules are imported by their file name: two of one name fail the collection."""
    names = [path.name for path in (ROOT / "tests").rglob("test_*.py")]
    assert sorted(set(names)) == sorted(names)
