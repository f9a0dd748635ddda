"""The rules: every module here registers rules with ``apilint.engine.rule.rule``."""
