"""The records, the site's configuration, slugs and safe YAML: what every stage shares."""
