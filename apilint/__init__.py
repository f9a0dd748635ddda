"""apilint: an API contract linter and contract-testing gateway for OpenAPI and Protocol Buffers."""

__version__ = "0.1.0"
