"""The benchmark's article as a Wagtail page, to compare the package's article page with."""
