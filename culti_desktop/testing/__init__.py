"""Test and benchmark support that is not part of the product (generated documents, fixtures)."""
