"""Course 4 helper library (assignments planned)."""
