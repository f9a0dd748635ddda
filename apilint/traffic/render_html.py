"""The traffic report as one self-contained HTML page: inline CSS, SVG and JS, nothing fetched when it is
viewed (a Content-Security-Policy forbids it). A coverage bar per tag, the operations, and the drift
table with filters (kind, level, text) whose rows open to their example."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from apilint.traffic.drift import KINDS
from apilint.traffic.render_text import statuses

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#d0d7de}main{padding:16px 24px;max-width:1200px}
section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin-bottom:16px}
h2{font-size:16px;margin:0 0 8px}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
th{background:#f6f8fa;font-weight:600}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
.lvl-warning{color:#9a6700;font-weight:600}.lvl-info{color:#0969da}
.filters{display:flex;gap:12px;align-items:center;margin-bottom:8px;flex-wrap:wrap}
.filters input[type=search]{padding:4px 8px;border:1px solid #d0d7de;border-radius:4px;min-width:240px}
tr.example td{background:#f6f8fa}tr.example pre{margin:0;white-space:pre-wrap;word-break:break-all}
tr.finding{cursor:pointer}tr.finding:hover td{background:#f3f4f6}.muted{color:#656d76}
.stat{display:inline-block;margin-right:24px}.stat b{font-size:22px;display:block}
svg text{font:12px system-ui,sans-serif}td.when{white-space:nowrap;font-size:12px;color:#656d76}
"""

_JS = """
(function(){
  var kind=document.getElementById('f-kind'),text=document.getElementById('f-text'),
      info=document.getElementById('f-info'),shown=document.getElementById('f-shown');
  function apply(){
    var rows=document.querySelectorAll('tr.finding'),q=text.value.toLowerCase(),n=0;
    for(var i=0;i<rows.length;i++){
      var r=rows[i],ok=(!kind.value||r.dataset.kind===kind.value)&&(info.checked||r.dataset.level!=='info')
        &&(!q||r.textContent.toLowerCase().indexOf(q)>=0);
      r.hidden=!ok;var ex=document.getElementById(r.dataset.example);if(ex&&!ok){ex.hidden=true;}
      if(ok){n++;}
    }
    shown.textContent=n+' shown';
  }
  document.addEventListener('click',function(e){
    var r=e.target.closest('tr.finding');if(!r){return;}
    var ex=document.getElementById(r.dataset.example);if(ex){ex.hidden=!ex.hidden;}
  });
  kind.addEventListener('change',apply);text.addEventListener('input',apply);info.addEventListener('change',apply);
  apply();
})();
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def _chart(tags: list[dict[str, Any]]) -> str:
    """Horizontal bars, one per tag: exercised of documented operations."""
    row, label_w, bar_w = 26, 180, 420
    height = row * len(tags) + 8
    parts = [f'<svg role="img" aria-label="coverage per tag" width="{label_w + bar_w + 120}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for index, tag in enumerate(tags):
        y = 4 + index * row
        share = tag["exercised"] / tag["documented"] if tag["documented"] else 0.0
        parts.append(f'<text x="0" y="{y + 15}">{escape(tag["tag"])}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="18" fill="#eaeef2" rx="3"/>'
                     f'<rect class="bar" data-tag="{escape(tag["tag"])}" x="{label_w}" y="{y}" '
                     f'width="{round(bar_w * share, 1)}" height="18" fill="#2da44e" rx="3"/>'
                     f'<text x="{label_w + bar_w + 8}" y="{y + 15}">{tag["exercised"]}/{tag["documented"]} '
                     f'({round(100 * share)}%)</text>')
    parts.append("</svg>")
    return "".join(parts)


def _operations(cov: dict[str, Any]) -> str:
    rows = []
    for op in cov["operations"]:
        seen = statuses(op)
        never = [f"statuses {', '.join(op['statuses_never_seen'])}"] if op["statuses_never_seen"] else []
        for key, label in (("parameters_never_seen", "parameters"), ("request_fields_never_seen", "request fields"),
                           ("response_fields_never_seen", "response fields")):
            if op.get(key):
                never.append(f"{label} {', '.join(op[key])}")
        rows.append(f'<tr><td><code>{escape(op["operation"])}</code></td><td>{escape(op["tag"])}</td>'
                    f'<td>{op["calls"]}</td><td>{escape(seen) or "<span class=muted>never called</span>"}</td>'
                    f'<td class="muted">{escape("; ".join(never))}</td></tr>')
    return ("<table><thead><tr><th>operation</th><th>tag</th><th>calls</th><th>statuses seen</th>"
            "<th>never seen</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _drift(drift: list[dict[str, Any]]) -> str:
    kinds = sorted({e["kind"] for e in drift}, key=list(KINDS).index)
    options = "".join(f'<option value="{k}">{escape(KINDS[k][0])}</option>' for k in kinds)
    rows = []
    for index, e in enumerate(drift):
        where = f'{e["file"]}:{e["line"]}' if e.get("file") and e.get("line") else ""
        example = e.get("example")
        detail = json.dumps({"operations": e.get("operations"), "example": example, "pointer": e.get("pointer")},
                            indent=2, ensure_ascii=False)
        rows.append(f'<tr class="finding" data-kind="{e["kind"]}" data-level="{e["level"]}" '
                    f'data-example="ex-{index}"><td class="lvl-{e["level"]}">{escape(e["level"])}</td>'
                    f'<td>{escape(KINDS[e["kind"]][0])}</td><td>{escape(e["message"])}</td><td>{e["count"]}</td>'
                    f'<td class="when">{escape(e.get("first_seen") or "")}<br>{escape(e.get("last_seen") or "")}</td>'
                    f'<td><code>{escape(where)}</code></td></tr>'
                    f'<tr class="example" id="ex-{index}" hidden><td colspan="6"><pre>{escape(detail)}</pre></td></tr>')
    if not rows:
        return "<p>None: the traffic matches the spec.</p>"
    return (f'<div class="filters"><label>kind <select id="f-kind"><option value="">all</option>{options}'
            '</select></label><input id="f-text" type="search" placeholder="filter: operation, field, value">'
            '<label><input id="f-info" type="checkbox" checked> show info</label>'
            '<span id="f-shown" class="muted"></span></div>'
            "<table><thead><tr><th>level</th><th>kind</th><th>finding</th><th>count</th><th>first / last seen</th>"
            "<th>spec</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            "<p class=muted>Click a finding for its example and the operations it was seen in.</p>")


def render(doc: dict[str, Any]) -> str:
    cov = doc["coverage"]
    notes = "".join(f"<li>{escape(n)}</li>" for n in doc["notes"])
    script = f"<script>{_JS}</script>" if doc["drift"] else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>apilint traffic report: {escape(doc["spec"])}</title><style>{_CSS}</style></head>
<body><header><h1>apilint traffic report</h1>
<p>{doc["records"]} records against <code>{escape(doc["spec"])}</code></p></header><main>
<section id="summary"><span class="stat"><b>{cov["percent"]}%</b>operations exercised
({cov["exercised"]}/{cov["documented"]})</span><span class="stat"><b>{cov["calls"]}</b>calls to documented
operations</span><span class="stat"><b>{doc["summary"]["drift"]}</b>drift findings</span></section>
<section id="coverage"><h2>Coverage per tag</h2>{_chart(cov["tags"])}</section>
<section id="drift"><h2>Drift</h2>{_drift(doc["drift"])}</section>
<section id="operations"><h2>Operations</h2>{_operations(cov)}</section>
{f'<section id="notes"><h2>Notes</h2><ul>{notes}</ul></section>' if notes else ""}
</main>{script}</body></html>
"""
