"""``apilint traffic report``: what recorded traffic says about a spec (docs/traffic.md).

    spec.py        the spec side: operations, the route table over their path templates, positions
    templates.py   path templates inferred for paths the spec does not know (/v1/users/42 -> /v1/users/{param})
    values.py      JSON types and string formats of observed values
    infer.py       a schema inferred from observed values, merged value by value (bounded)
    observe.py     one body checked against its schema: what it shows, as calls on a sink
    aggregate.py   the records, streamed once, folded into bounded counters (the only pass over the data)
    coverage.py    the coverage section of the report
    drift.py       the drift section: each finding with counts, first/last seen, one example, a spec location
    patch.py       an RFC 6902 JSON Patch that makes the spec describe the traffic
    report.py      the report document (JSON), built from the three above
    render_*.py    text, markdown, html, sarif

Imports point down: render_* and report read the document; aggregate knows spec, observe and infer.
"""
