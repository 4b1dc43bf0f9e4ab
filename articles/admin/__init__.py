"""Editors write articles and sources here. Every save goes through articles.services."""

from . import content, inbox

__all__ = ["content", "inbox"]
