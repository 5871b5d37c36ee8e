"""Course 2 helper library (assignments planned)."""
