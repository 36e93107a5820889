"""Writing the site: the writer, the caches, reused pages, worker pools and the search index."""
