"""Shared by post-for-read, safe-method-changes-state."""

from __future__ import annotations

STATE_CHANGING = ["create", "generate", "delete", "remove", "reset", "update", "set", "add", "insert", "cancel",
                  "approve", "reject", "start", "stop", "restart", "trigger", "execute", "send", "publish",
                  "enable", "disable", "revoke", "purge", "clear", "increment", "modify", "edit", "destroy",
                  "erase", "write", "save", "mark", "rotate", "regenerate", "archive", "unarchive", "lock",
                  "unlock", "subscribe", "unsubscribe", "make", "post", "put", "patch"]
