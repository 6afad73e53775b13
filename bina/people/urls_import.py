"""URLs of the import pages (upload, job progress, report)."""

urlpatterns: list = []
