"""The benchmark's article as a competent hand-written Django app would serve it: the floor of
what plain Django does, to compare the package's pages with."""
