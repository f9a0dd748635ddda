"""Breaking changes between two proto trees: ``compare.compare_protos`` (see compare.py)."""
