"""Content: Markdown to safe HTML, fields and validation, images, claims, importing."""
