"""WordPress exports (WXR) to articles, one way through four stages:

``wxr`` streams the file's items (pure, no database) → ``content`` turns a post's HTML into
the plain-text export layout → ``mapping`` makes the plain-text parser's ``ParsedArticle`` of it,
with the post's metadata beside it → ``store`` saves it through ``importing.store``.
"""
