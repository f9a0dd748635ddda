"""Pact files (specification V2, V3, V4): read into apilint interactions, matched by apilint's rule engine;
recorded contracts written as Pact V4 (``writer.py``, its rules through ``rules_out.py``)."""
