"""bin/system-deps finds what a machine lacks for each make target, and installs it or says how.

The machine is faked: `dpkg-query`, `id`, `uname` and `brew` on the PATH answer
from a list of installed packages, as root or not, on Debian or macOS. Nothing
is installed or removed.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "bin" / "system-deps"
WEASYPRINT = ["libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core",
              "fonts-liberation2"]  # fmt: skip
EVERYTHING = [*WEASYPRINT, "poppler-utils", "chromium", "postgresql-client"]


def fake_machine(
    folder: Path, installed: list[str], *, root: bool = True, system: str = "Linux"
) -> dict[str, str]:
    """An environment whose PATH finds fake tools in front of the real ones."""
    bin_ = folder / "bin"
    bin_.mkdir(parents=True)
    (folder / "installed").write_text("\n".join(installed) + "\n")
    tools = {
        # dpkg-query -W -f='${db:Status-Abbrev}' PACKAGE: "ii " when installed.
        "dpkg-query": f'for last; do :; done; grep -qx "$last" {folder}/installed '
        '&& printf "ii " || exit 1',
        "id": f"echo {0 if root else 1000}",
        "uname": f"echo {system}",
        "brew": f'for last; do :; done; grep -qx "$last" {folder}/installed || exit 1',
        # Anything that would change the machine records that it was asked.
        "apt-get": f'echo "apt-get $*" >> {folder}/ran',
        "libreoffice": "exit 0",
    }
    for name, body in tools.items():
        tool = bin_ / name
        tool.write_text(f"#!/bin/sh\n{body}\n")
        tool.chmod(0o755)
    env = {key: value for key, value in os.environ.items() if key != "CHROMIUM"}
    return env | {"PATH": f"{bin_}:/usr/bin:/bin"}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (the project's own script)
        [str(SCRIPT), *args], env=env, capture_output=True, text=True, check=False, timeout=30
    )


@pytest.mark.parametrize("target", ["run", "test-fast", "test", "ci"])
def test_a_machine_with_everything_needs_nothing(tmp_path, target):
    result = run(fake_machine(tmp_path, EVERYTHING), target)
    assert result.returncode == 0, result.stderr
    assert f"nothing missing for make {target}" in result.stdout
    assert not (tmp_path / "ran").exists()


@pytest.mark.parametrize(
    ("target", "missing"),
    [
        ("run", WEASYPRINT),
        ("test-fast", [*WEASYPRINT, "poppler-utils"]),
        ("test", [*WEASYPRINT, "poppler-utils", "chromium"]),
        ("ci", EVERYTHING),
    ],
)
def test_each_target_needs_its_own_packages(tmp_path, target, missing):
    result = run(fake_machine(tmp_path, []), target, "--dry-run")
    assert result.returncode == 0
    assert f"missing for make {target}: {' '.join(missing)}." in result.stdout
    assert not (tmp_path / "ran").exists()  # a dry run changes nothing


def test_as_root_it_installs_only_what_is_missing(tmp_path):
    env = fake_machine(tmp_path, [p for p in EVERYTHING if p not in ("chromium", "libpango-1.0-0")])
    result = run(env, "test")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ran").read_text().splitlines() == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends libpango-1.0-0 chromium",
    ]


def test_as_anyone_else_it_prints_the_one_command_and_fails(tmp_path):
    result = run(fake_machine(tmp_path, WEASYPRINT, root=False), "test")
    assert result.returncode == 1
    commands = [line.strip() for line in result.stdout.splitlines() if line.startswith("    ")]
    assert commands == [
        "sudo sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y "
        "-qq --no-install-recommends poppler-utils chromium'"
    ]
    assert not (tmp_path / "ran").exists()


def test_a_chromium_of_ones_own_will_do(tmp_path):
    env = fake_machine(tmp_path, [p for p in EVERYTHING if p != "chromium"])
    chrome = tmp_path / "chrome"
    chrome.write_text("#!/bin/sh\n")
    chrome.chmod(0o755)
    assert "nothing missing" in run(env | {"CHROMIUM": str(chrome)}, "test").stdout
    assert "chromium" in run(env, "test", "--dry-run").stdout


def test_libreoffice_is_optional_and_only_mentioned(tmp_path):
    env = fake_machine(tmp_path, EVERYTHING)
    (tmp_path / "bin" / "libreoffice").unlink()
    # Only the fake tools and grep: the real LibreOffice, if any, is out of sight.
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "grep").symlink_to(shutil.which("grep") or "/bin/grep")
    result = run(env | {"PATH": f"{tmp_path / 'bin'}:{tools}"}, "test")
    assert result.returncode == 0
    assert "optional: LibreOffice is not installed" in result.stdout
    assert not (tmp_path / "ran").exists()


def test_on_macos_it_prints_the_homebrew_command(tmp_path):
    result = run(fake_machine(tmp_path, [], root=False, system="Darwin"), "test")
    assert result.returncode == 1
    assert "brew install pango poppler && brew install --cask chromium" in result.stdout
    done = run(fake_machine(tmp_path / "mac", ["pango"], system="Darwin"), "run")
    assert "nothing missing for make run" in done.stdout


def test_an_unknown_target_is_refused(tmp_path):
    result = run(fake_machine(tmp_path, EVERYTHING), "deploy")
    assert result.returncode == 2
    assert "usage: bin/system-deps" in result.stderr


def test_make_and_ci_use_the_script():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    assert "bin/system-deps $*" in makefile
    for target in (
        "run: system-deps-run",
        "test: system-deps-test",
        "test-fast: system-deps-test-fast",
    ):
        assert target in makefile
    ci = (Path(settings.BASE_DIR) / ".ci" / "run").read_text()
    assert "bin/system-deps ci" in ci
    assert ci.count("make test") >= 2
