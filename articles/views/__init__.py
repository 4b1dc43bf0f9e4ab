"""The articles app's public pages, by what readers come for.

- ``pages``: the home page, topics, the article list and an article's page, with
  its audience choice, follow-up question and problem report forms.
- ``discovery``: search and robots.txt (the feed is ``articles.feeds``, the
  sitemap ``articles.sitemaps``).
- ``people``: the medical board, each member's page and the About page.
"""
