"""Pact files: reading them into interactions (pactin) and writing recorded contracts as Pact V4 (writer.py)."""
