"""Markdown to safe HTML: the one renderer and the one sanitizer (the only user of bleach).

Not a Django app: every app that stores author-written Markdown (articles, guidance,
the editorial policy) renders it here when content is saved.
"""
