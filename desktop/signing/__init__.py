"""Signers (file, token), PAdES and CAdES signatures, timestamps."""
