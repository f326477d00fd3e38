"""The ZIP reader with no slack, the ASiC-E container, manifest, verification, trust and revocation."""
