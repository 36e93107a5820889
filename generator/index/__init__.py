"""The dossier: topics, figures and articles tied together, knowing no URLs and no files."""
