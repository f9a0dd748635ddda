"""Fuzz a running build from its spec (schemathesis + hypothesis) with apilint's own live checks."""
