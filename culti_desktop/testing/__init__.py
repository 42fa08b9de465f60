"""Fixtures for tests and benchmarks (generated data sets and the like), never used by the product.

An import-linter contract keeps ``core``, ``cli`` and ``gui`` from importing this package.
"""
