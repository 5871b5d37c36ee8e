"""Course 3 helper library (assignments planned)."""
