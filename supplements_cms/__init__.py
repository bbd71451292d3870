"""Health and dietary-supplement articles for any Django site."""

__version__ = "0.1.0"
