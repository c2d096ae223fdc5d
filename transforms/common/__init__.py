"""What every stage shares: stable keys and hashes, text normalization, publisher names."""
