"""Pages of the resource sheets. Each page exists for a region's workspace
(``/<region_slug>/fiches/…``) and, where it makes sense, for the national library
(``/fiches/…``, endpoints prefixed ``national_``)."""
from ._common import bp
from . import display, edit, history, curation  # noqa: F401  (register the routes)

__all__ = ["bp"]
