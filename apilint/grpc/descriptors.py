"""A proto root compiled (``apilint.load.protoc``, the path ``apilint check`` uses) into a descriptor pool,
and the RPCs it declares, found by the HTTP/2 path a gRPC call uses: ``/package.Service/Method``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from google.protobuf import descriptor_pool, message_factory
from google.protobuf.descriptor import Descriptor, MethodDescriptor

from apilint.load.protoc import compile_protos

UNARY, SERVER_STREAM, CLIENT_STREAM, BIDI = "unary", "server", "client", "bidi"
STREAMING_KINDS = (UNARY, SERVER_STREAM, CLIENT_STREAM, BIDI)


@dataclass(frozen=True)
class Method:
    """One RPC. ``request``/``response``: message classes made from the descriptors."""

    descriptor: MethodDescriptor

    @property
    def path(self) -> str:
        return f"/{self.service}/{self.name}"

    @property
    def service(self) -> str:
        return self.descriptor.containing_service.full_name

    @property
    def name(self) -> str:
        return self.descriptor.name

    @property
    def input(self) -> Descriptor:
        return self.descriptor.input_type

    @property
    def output(self) -> Descriptor:
        return self.descriptor.output_type

    @property
    def streaming(self) -> str:
        client, server = self.descriptor.client_streaming, self.descriptor.server_streaming
        return BIDI if client and server else CLIENT_STREAM if client else SERVER_STREAM if server else UNARY

    @cached_property
    def request(self) -> type[Any]:
        return message_factory.GetMessageClass(self.input)

    @cached_property
    def response(self) -> type[Any]:
        return message_factory.GetMessageClass(self.output)


class Services:
    """Every service of a compiled proto root. ``method(path)`` is None for an RPC the protos do not declare."""

    def __init__(self, descriptor_set: Any) -> None:
        self.descriptor_set = descriptor_set  # the FileDescriptorSet (apilint.grpc.schema reads its options)
        self.pool = descriptor_pool.DescriptorPool()
        for file in descriptor_set.file:  # protoc writes imports before the files that import them
            self.pool.Add(file)
        self.methods: dict[str, Method] = {}
        for file in descriptor_set.file:
            for service in file.service:
                full = f"{file.package}.{service.name}" if file.package else service.name
                for rpc in self.pool.FindServiceByName(full).methods:
                    method = Method(rpc)
                    self.methods[method.path] = method

    @classmethod
    def compile(cls, target: str, proto_paths: tuple[str, ...] = (), *, allow_outside: bool = False) -> Services:
        """Compile a .proto file or folder (raises ``InputError`` with file:line:column on errors)."""
        return cls(compile_protos(target, proto_paths, allow_outside=allow_outside).descriptors)

    def method(self, path: str) -> Method | None:
        return self.methods.get(path)

    def message_class(self, full_name: str) -> type[Any] | None:
        """A message type of the pool by its full name (``google.rpc.BadRequest``), None when unknown."""
        try:
            return message_factory.GetMessageClass(self.pool.FindMessageTypeByName(full_name))
        except KeyError:
            return None
