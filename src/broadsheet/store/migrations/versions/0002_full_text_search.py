"""full-text search: FTS5 on SQLite, tsvector + GIN on PostgreSQL

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SQLITE_UP = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, publisher, content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text, publisher)
        VALUES (new.id, new.title, new.text, coalesce(new.publisher, ''));
    END""",
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text, publisher)
        VALUES ('delete', old.id, old.title, old.text, coalesce(old.publisher, ''));
    END""",
    """CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text, publisher ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text, publisher)
        VALUES ('delete', old.id, old.title, old.text, coalesce(old.publisher, ''));
        INSERT INTO articles_fts(rowid, title, text, publisher)
        VALUES (new.id, new.title, new.text, coalesce(new.publisher, ''));
    END""",
]

_POSTGRES_UP = [
    """ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(publisher, '')), 'B') ||
        setweight(to_tsvector('simple', coalesce(text, '')), 'C')) STORED""",
    "CREATE INDEX ix_articles_search ON articles USING GIN (search)",
]


def upgrade() -> None:
    name = op.get_bind().dialect.name
    for statement in _SQLITE_UP if name == "sqlite" else _POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_articles_search")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search")
