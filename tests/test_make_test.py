"""`make test` on a fresh machine: without Chromium it installs Debian's package when it runs as
root, or says in one line what to install and the browser tests are skipped with that reason
(never an error in each of them). CI installs a Docker Compose client when there is none, so the
compose file is really parsed there."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENSURE_CHROMIUM = ROOT / "scripts" / "ensure-chromium"
CI_TOOLS = ROOT / ".ci" / "install-tools"


def _fake_bin(tmp_path: Path, *names: str) -> Path:
    """A PATH of its own: the few system tools the scripts use, a recording fake `apt-get`,
    and the `names` given as stubs that succeed."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "sh", "id", "env", "cat", "mkdir", "chmod", "touch", "dirname", "printf"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    apt = bin_dir / "apt-get"
    apt.write_text('#!/bin/bash\necho "$*" >> "$APT_LOG"\n'
                   'if [ "$1" = install ] && [ -n "${CHROMIUM_PATH:-}" ]; then\n'
                   '  for p in "$@"; do if [ "$p" = chromium ]; then printf "#!/bin/sh\\n" > "$CHROMIUM_PATH";'
                   ' chmod +x "$CHROMIUM_PATH"; fi; done\nfi\n')
    apt.chmod(0o755)
    for name in names:
        stub = bin_dir / name
        stub.write_text("#!/bin/sh\nexit 0\n")
        stub.chmod(0o755)
    return bin_dir


def test_without_chromium_and_not_root_make_test_says_in_one_line_what_to_install():
    """Reproduced: on a machine without /usr/bin/chromium every browser test errored with
    "Chromium not found" (only .ci/run installed it)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:  # /tmp/…, readable by the unprivileged user
        os.chmod(tmp, 0o755)  # noqa: S103 - the unprivileged user must reach the script's PATH
        _not_root_run(Path(tmp))


def _not_root_run(tmp_path: Path) -> None:
    missing = tmp_path / "no-chromium"
    env = {"PATH": str(_fake_bin(tmp_path)), "CHROMIUM_PATH": str(missing), "APT_LOG": str(tmp_path / "apt.log")}
    nobody = [shutil.which("setpriv") or "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    (tmp_path / "apt.log").touch()
    (tmp_path / "apt.log").chmod(0o666)
    (tmp_path / "bin").chmod(0o755)
    result = subprocess.run([*nobody, str(ENSURE_CHROMIUM)], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr  # make test goes on: the browser tests are skipped
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1, lines
    assert str(missing) in lines[0] and "apt-get install chromium" in lines[0] and "skipped" in lines[0]
    assert (tmp_path / "apt.log").read_text() == ""  # not root: nothing is installed


def test_without_chromium_as_root_make_test_installs_debians_package(tmp_path):
    if os.geteuid() != 0:
        import pytest

        pytest.skip("installing needs root; this machine runs the suite as another user")
    target = tmp_path / "chromium"
    log = tmp_path / "apt.log"
    env = {"PATH": str(_fake_bin(tmp_path)), "CHROMIUM_PATH": str(target), "APT_LOG": str(log)}
    result = subprocess.run([str(ENSURE_CHROMIUM)], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    calls = log.read_text().splitlines()
    assert any(re.search(r"^install .*\bchromium\b", c) for c in calls), calls
    assert os.access(target, os.X_OK)
    # present: nothing to do, nothing said
    again = subprocess.run([str(ENSURE_CHROMIUM)], env=env, capture_output=True, text=True, timeout=30)
    assert again.returncode == 0 and again.stdout == again.stderr == ""
    assert log.read_text().splitlines() == calls


def test_make_test_runs_the_chromium_check_before_the_suite():
    text = (ROOT / "Makefile").read_text()
    recipe = text.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/ensure-chromium" in recipe
    assert recipe.index("scripts/ensure-chromium") < recipe.index("pytest")


def test_browser_tests_are_skipped_with_the_reason_when_chromium_is_missing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "JENJANG_CI"}
    # a database name of its own, in case anything reached the database (nothing should)
    env.update(CHROMIUM_PATH=str(tmp_path / "no-chromium"), JENJANG_TEST_DB="jenjang_test_never_created")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
                             "tests/e2e/test_foundation_e2e.py"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-3000:]
    assert re.search(r"\d+ skipped", out) and "error" not in out.lower().split("short test summary")[-1], out[-3000:]
    assert "passed" not in out.splitlines()[-1]
    assert f"Chromium not found at {tmp_path / 'no-chromium'}" in out and "apt-get install chromium" in out


def test_in_ci_a_missing_chromium_fails_the_browser_tests_instead(tmp_path):
    env = dict(os.environ, JENJANG_CI="1", CHROMIUM_PATH=str(tmp_path / "no-chromium"),
               JENJANG_TEST_DB="jenjang_test_never_created")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                             "tests/e2e/test_foundation_e2e.py"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode != 0 and "Chromium not found" in result.stdout + result.stderr


def test_ci_installs_debians_docker_compose_when_there_is_no_compose_client(tmp_path):
    """Reproduced: every compose test of tests/test_deploy.py skipped on every machine here, for
    want of a compose client; CI never parsed docker/compose.yaml."""
    log = tmp_path / "apt.log"
    log.touch()
    env = {"PATH": str(_fake_bin(tmp_path)), "APT_LOG": str(log)}
    result = subprocess.run([str(CI_TOOLS)], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    calls = log.read_text().splitlines()
    assert any(re.search(r"^install .*\bdocker-compose\b", c) for c in calls), calls
    # a client already there (either form): nothing is installed
    for present in ("docker-compose", "docker"):
        other = tmp_path / present
        other.mkdir()
        log.write_text("")
        result = subprocess.run([str(CI_TOOLS)], env={"PATH": str(_fake_bin(other, present)), "APT_LOG": str(log)},
                                capture_output=True, text=True, timeout=30)
        assert result.returncode == 0 and log.read_text() == "", (present, result.stdout, log.read_text())


def test_ci_runs_the_tool_installer_and_requires_browsers_and_compose():
    text = (ROOT / ".ci" / "run").read_text()
    assert ".ci/install-tools" in text and "JENJANG_CI=1" in text
    assert text.index(".ci/install-tools") < text.index("make test")


def test_the_compose_tests_find_a_client_here_and_parse_the_file():
    """This machine has Debian's docker-compose 1.29 (and a docker CLI without the compose
    plugin): the compose tests must use it, not skip."""
    from tests.test_deploy import _compose_command, _compose_config

    command = _compose_command()
    assert command is not None, "no compose client: run .ci/install-tools (as root)"
    assert _compose_config().returncode == 0
