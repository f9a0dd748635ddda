"""The one recording format (docs/recording-format.md), used by proxy, contracts, replay and fuzz.

- ``format``: the record type and its version, segment file names and suffixes
- ``segments``: writing segment files (append-only, rotated); ``reader``: reading them back
- ``sources``, ``har``, ``flows``: other people's traffic (HAR 1.2 files, mitmproxy flow dumps) read as records,
  built and redacted by the proxy's own ``build``
- ``walk``: the strings a request sends (what flows link on)
- ``captures``: the capture syntax of contracts (``captures``, ``{{var:NAME}}``)
- ``paths``: matching concrete paths against OpenAPI path templates
- ``redaction``, ``redact_body``: the one redaction pipeline every recorder uses (names, values, URLs,
  headers; bodies by their content)
- ``decode``: undoing a content-encoding with a bounded output (decompression bombs)
"""
