"""Reading ``content/``: articles, profiles, bodies, images and the timeline file."""
