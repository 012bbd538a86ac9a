"""A meeting's notes as text, free of Django: the plain values, the markup, and reading files.

Everything here runs without a database or settings, so it can be tested on
its own and reused by any reader of minutes. The apps call it; it calls none
of them.
"""
