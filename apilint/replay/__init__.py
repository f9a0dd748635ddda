"""Replay recorded traffic or contracts against a new build and classify the differences."""
