"""Database layer: the tables (models.py) and the engine and transactions (session.py)."""
