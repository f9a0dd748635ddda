"""`apilint proxy --upstream grpcs://...`: an h2c client, a TLS upstream that negotiates h2 by ALPN. The
proxy trusts the test's own CA through mitmproxy's ``ssl_verify_upstream_trusted_ca`` option (set in-process:
`apilint proxy` verifies upstream certificates against mitmproxy's CA bundle and has no flag to change that)."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from apilint.grpc.client import Caller
from tests.grpc.proxying import records
from tests.grpc.service import PROTOS, SERVICE, services
from tests.proxy.harness import ROOT, env, free_port, wait_port

HERE = os.path.dirname(os.path.abspath(__file__))
PROXY = """
import sys
from apilint.commands.proxy import configure, mitm_options
from apilint.proxy.server import serve_forever
import argparse
parser = argparse.ArgumentParser()
configure(parser)
options = mitm_options(parser.parse_args(sys.argv[2:]))
options["ssl_verify_upstream_trusted_ca"] = sys.argv[1]
sys.exit(serve_forever(options, 5.0))
"""


def _certificate(folder: str) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    with open(cert_path, "wb") as handle:
        handle.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return cert_path, key_path


def test_a_tls_upstream_is_reached_over_h2_and_calls_are_recorded(tmp_path):
    cert, key = _certificate(str(tmp_path))
    service = subprocess.Popen([sys.executable, os.path.join(HERE, "tls_service.py"), cert, key],
                               stdout=subprocess.PIPE, text=True, env=env())
    port = free_port()
    out = str(tmp_path / "rec")
    proxy = None
    try:
        upstream = f"localhost:{int(service.stdout.readline())}"  # type: ignore[union-attr]
        proxy = subprocess.Popen([sys.executable, "-c", PROXY, cert, "--upstream", f"grpcs://{upstream}",
                                  "--proto", str(PROTOS), "--listen", f"127.0.0.1:{port}", "--out", out],
                                 cwd=ROOT, env=env(), stderr=subprocess.PIPE, text=True)
        wait_port(port, proxy, timeout=60)
        svc = services()
        with Caller(f"127.0.0.1:{port}") as caller:
            got = caller.call(svc.method(SERVICE + "WatchOrder"), [{"order_id": "1001"}])
        assert got.status == "OK" and [e["state"] for e in got.responses] == ["PLACED", "SHIPPED"]
    finally:
        if proxy is not None:
            proxy.send_signal(signal.SIGTERM)
            proxy.communicate(timeout=30)
        service.terminate()
        service.wait(10)
    (rec,) = records(out)
    assert rec["grpc"]["streaming"] == "server" and len(rec["response"]["body"]) == 2
