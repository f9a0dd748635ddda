"""apilint's recording sidecar as a mitmproxy script: ``mitmdump -s proxy/apilint_addon.py``.

Example (reverse proxy in front of a service on :8000, validating against a spec)::

    mitmdump -q --mode reverse:http://127.0.0.1:8000 --listen-host 0.0.0.0 --listen-port 8080 \\
        -s proxy/apilint_addon.py --set apilint_out=/recordings --set apilint_spec=openapi.yaml

Options (``--set NAME=VALUE``): apilint_out, apilint_spec, apilint_enforce, apilint_sample,
apilint_include, apilint_exclude, apilint_redact, apilint_metrics, apilint_queue, apilint_workers,
apilint_writer_priority, apilint_rotate_mb, apilint_rotate_s (see docs/proxy.md). Needs
``pip install 'apilint[proxy]'``.
"""

import sys
from pathlib import Path

try:
    from apilint.proxy.addon import ApilintRecorder
except ImportError:  # a checkout without `pip install`: use the package next to this folder
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from apilint.proxy.addon import ApilintRecorder

addons = [ApilintRecorder()]
