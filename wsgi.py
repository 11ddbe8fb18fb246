"""WSGI entry point for gunicorn: ``gunicorn wsgi:app``."""
from cellule import create_app

app = create_app()
