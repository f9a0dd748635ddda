"""Pact files (specification V2, V3, V4): read into apilint interactions, matched by apilint's rule engine."""
