"""Course 5 helper library (assignments planned)."""
