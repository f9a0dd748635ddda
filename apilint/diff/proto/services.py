"""Changes inside a service kept under its name: RPCs deleted, their types, streaming, idempotency."""

from __future__ import annotations

from apilint.diff.proto.base import ComparerBase
from apilint.diff.proto.tree import Element


class ServiceChecks(ComparerBase):
    def service(self, old: Element, new: Element) -> None:
        file, package = new.file.name, new.file.package
        methods = {m.name: (i, m) for i, m in enumerate(new.proto.method)}
        for method in old.proto.method:
            if method.name not in methods:
                self.emit("RPC_NO_DELETE", f"rpc `{new.name}.{method.name}` deleted", f"{new.name}.{method.name}", file,
                          new.path, package=package)
                continue
            index, now = methods[method.name]
            mpath = (*new.path, 2, index)
            element = f"{new.name}.{method.name}"
            for attr, rule, suffix in (("input_type", "RPC_SAME_REQUEST_TYPE", 2),
                                       ("output_type", "RPC_SAME_RESPONSE_TYPE", 3)):
                a, b = getattr(method, attr).lstrip("."), getattr(now, attr).lstrip(".")
                if a != b:
                    self.emit(rule, f"rpc `{element}`: {attr.split('_')[0]} type changed from {a} to {b}", element,
                              file, self.span_path(file, mpath, (suffix,)), a, b, package)
            for attr, rule, suffix in (("client_streaming", "RPC_SAME_CLIENT_STREAMING", 5),
                                       ("server_streaming", "RPC_SAME_SERVER_STREAMING", 6)):
                a, b = getattr(method, attr), getattr(now, attr)
                if a != b:
                    self.emit(rule, f"rpc `{element}`: {attr.replace('_', ' ')} changed from {a} to {b}", element,
                              file, self.span_path(file, mpath, (suffix,), (2,) if attr == "client_streaming"
                                                    else (3,)), a, b, package)
            if method.options.idempotency_level != now.options.idempotency_level:
                self.emit("RPC_SAME_IDEMPOTENCY_LEVEL", f"rpc `{element}`: idempotency_level changed", element, file,
                          self.span_path(file, mpath, (4, 34), (4,)), method.options.idempotency_level,
                          now.options.idempotency_level, package)
