"""The search index: one row per searchable document (an article, a broker or a regulator in one
language, a public complaint...). The words live in a vendor-specific full-text structure beside
it (SQLite: the FTS5 table `site_search_fts`; PostgreSQL: the `vector` column), written by
index.py only."""

from django.db import models


class SearchDocument(models.Model):
    kind = models.CharField(max_length=16)
    object_id = models.BigIntegerField()
    language = models.CharField(max_length=8)  # the language it is listed in
    text_language = models.CharField(max_length=8, blank=True)  # the one its text is written in
    section_id = models.BigIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    title = models.TextField()
    summary = models.TextField(blank=True)
    # " tok tok tok " of the title and summary, folded (phrases) and as typed (accents).
    folded = models.TextField(blank=True)
    exact = models.TextField(blank=True)
    weight = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="unique_search_document"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="search_document_object")]

    def __str__(self):
        return f"{self.kind}:{self.object_id}:{self.language}"
