"""Shared resource sheets (fiches ressources): Markdown sheets, revisions, attachments, search."""
