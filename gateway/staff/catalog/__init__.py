"""The catalog editor: drafts checked on every save, publishing, versions, restore and export."""

from .views import bp

__all__ = ["bp"]
