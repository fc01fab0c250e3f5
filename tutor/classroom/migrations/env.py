"""Alembic environment for the class database. The app runs it itself (`tutor.classroom.db`),
passing an open connection in `config.attributes["connection"]`; by hand:
`alembic -c tutor/classroom/migrations/alembic.ini -x url=sqlite:///runs/classes.db upgrade head`."""

from alembic import context
from sqlalchemy import create_engine

from tutor.classroom.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    with create_engine(url).begin() as conn:
        context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
