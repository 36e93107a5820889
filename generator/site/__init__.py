"""The site's pages: URLs (a leaf), each page kind's routes and context, and what they show."""
