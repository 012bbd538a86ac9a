"""Benchmarks: scripts that print figures (make bench); not tests."""
