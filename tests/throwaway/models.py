from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from reviews.history import HistoriedQuerySet
from reviews.models import Reviewable, Undeletable


class Leaflet(Reviewable, Undeletable):
    """A printed leaflet's text: reviewed like every piece of medical content."""

    heading = models.CharField(max_length=200)
    text = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.heading

    def review_title(self) -> str:
        return f"Leaflet: {self.heading}"

    def review_snapshot(self) -> dict:
        return {"kind": "leaflet", "heading": self.heading, "text": self.text}

    def review_contributor_ids(self) -> set[int]:
        return {self.written_by_id}
