"""Storage: SQLAlchemy models and queries. The only package of soapsvc that imports sqlalchemy."""
