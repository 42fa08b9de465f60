"""Fixtures for tests and benchmarks (generated data, small trained models); not used by the product.

An import-linter contract keeps ``core``, ``cli`` and ``gui`` from importing this package.
"""
