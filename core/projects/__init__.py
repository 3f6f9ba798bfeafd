"""Projects: the team-scoped lookup (scope.py), CRUD (service.py), and their extracted data
with optimistic locking (data.py over storage.py)."""
