"""Plain-text exports to articles: ``parser`` reads (pure, no database), ``store`` saves."""
