"""Rendering, signing and packaging of submissions."""
