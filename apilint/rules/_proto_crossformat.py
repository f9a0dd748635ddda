"""Example-spec header shared by the proto halves of the cross-format rules."""

from __future__ import annotations

_HEAD = 'syntax = "proto3";\npackage shop.v1;\n'
