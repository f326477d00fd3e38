"""Receiving, verifying and consolidating packages (Cục ATMT side)."""
