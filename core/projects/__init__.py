"""Projects: CRUD (service.py) and their extracted data with optimistic locking (data.py)."""
