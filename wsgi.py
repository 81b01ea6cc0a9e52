"""WSGI entry point: `gunicorn wsgi:app`."""
from jenjang import create_app

app = create_app()
