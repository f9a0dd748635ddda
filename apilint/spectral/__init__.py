"""Spectral rulesets run as they are: loading (ruleset), JSONPath (query), core functions (functions),
messages (message), document formats (formats), and running a ruleset over a loaded spec (run)."""
