"""Fixtures for tests and benchmarks (generated data, small trained models); not used by the product."""
