"""Security changes of an operation kept: a credential no longer accepted, more scopes, or requirements relaxed."""

from __future__ import annotations

from apilint.diff.openapi.base import ComparerBase
from apilint.diff.openapi.doc import Doc
from apilint.diff.openapi.operation import Operation


class SecurityChecks(ComparerBase):
    def _security(self, doc: Doc, op: Operation) -> list[dict[str, frozenset]] | None:
        raw = op.raw.get("security", doc.root.value.get("security"))
        if not isinstance(raw, list):
            return None
        out = []
        for requirement in raw:
            if isinstance(requirement, dict):
                out.append({k: frozenset(v) if isinstance(v, list) else frozenset() for k, v in requirement.items()})
        return out

    def security(self, old: Operation, new: Operation) -> None:
        start = len(self.pending)
        so, sn = self._security(self.old, old), self._security(self.new, new)
        so = so or [{}]
        sn = sn or [{}]
        node = self.new.child(new.node, "security") or new.node

        def satisfied(alt: dict[str, frozenset]) -> bool:
            return any(all(k in alt and req[k] <= alt[k] for k in req) for req in sn)

        for alt in so:
            if satisfied(alt):
                continue
            widened = next((req for req in sn if set(req) == set(alt)), None)
            if widened is not None:
                extra = sorted(s for k in widened for s in widened[k] - alt[k])
                self.emit("security-scope-added", f"{new.label}: security requires more scopes: "
                          f"{', '.join(extra)}", new, _sec(alt), _sec(widened), node)
            else:
                self.emit("security-added", f"{new.label}: a client authenticating with "
                          f"{_sec(alt) or 'no credentials'} is no longer accepted", new, _sec(alt),
                          [_sec(r) for r in sn], node)
        if not self._breaking_since(start) and {_sec(a) for a in so} != {_sec(a) for a in sn}:
            self.emit("security-removed", f"{new.label}: security requirements relaxed", new,
                      sorted(_sec(a) for a in so), sorted(_sec(a) for a in sn), node)


def _sec(requirement: dict[str, frozenset]) -> str:
    return " + ".join(f"{k}[{', '.join(sorted(v))}]" if v else k for k, v in sorted(requirement.items()))

