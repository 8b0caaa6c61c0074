"""Documents and their events in a database: SQLite in a file by default, any SQLAlchemy URL
(PostgreSQL) with the same code.

`schema` defines every table; `store` reads and writes them (`Store`).
"""

from .store import Store, database_url, default_db_path

__all__ = ["Store", "database_url", "default_db_path"]
