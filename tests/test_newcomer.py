"""What a new user meets first: the shipped examples read, and the packaging installs what the docs use."""

from __future__ import annotations

import os
import tomllib

from tests.conftest import ROOT, run_cli


def test_example_service_specs_diff_as_the_walkthrough_says():
    proc = run_cli("diff", "examples/service/openapi.yaml", "examples/service/openapi-v2.yaml")
    assert proc.returncode in (0, 1), proc.stderr  # 2 was a YAML error in openapi-v2.yaml
    assert "response-success-status-removed" in proc.stdout
    assert "response-property-required-removed" in proc.stdout


def test_example_service_dependencies_have_an_extra_the_docs_name():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    names = {dep.split(">")[0].split("=")[0].split("<")[0] for dep in extras["examples"]}
    assert {"fastapi", "uvicorn"} <= names
    assert any("examples" in dep for dep in extras["test"] if dep.startswith("apilint["))
    assert "[proxy,fuzz,examples]" in (ROOT / "examples" / "service" / "README.md").read_text()


def test_proxy_without_its_extra_names_the_install(tmp_path):
    """`pip install .` users get one line naming the extra, not a traceback (mitmproxy made unimportable)."""
    fake = tmp_path / "mitmproxy"
    fake.mkdir()
    (fake / "__init__.py").write_text('raise ModuleNotFoundError("No module named mitmproxy", name="mitmproxy")\n')
    proc = run_cli("proxy", "--upstream", "http://127.0.0.1:9", "--spec", "examples/service/openapi.yaml",
                   env={"PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"})
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["apilint: the proxy needs mitmproxy: pip install 'apilint[proxy]' "
                                                "(mitmproxy missing)"]


def test_proxy_says_what_it_loads_and_when_it_listens(tmp_path):
    import signal
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "apilint", "proxy", "--upstream", "http://127.0.0.1:9",
                             "--listen", f"127.0.0.1:{port}", "--spec", "examples/service/openapi.yaml",
                             "--out", str(tmp_path / "out")], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any("listening at" in line for line in lines):
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)
    text = "".join(lines)
    assert "read and checked in" in text
    assert f"listening at 127.0.0.1:{port}; recording to {tmp_path / 'out'}" in text
