from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "infofinance.news"
    label = "news"
    verbose_name = "Newsroom"

    def ready(self):
        from . import feeds, search, signals, sitemaps  # noqa: F401

        search.register()
        sitemaps.register()
        feeds.register()

        from infofinance.wiring import slots

        # What other apps may add to articles (news/article_page.html) and to the article
        # editor (ArticlePage.get_edit_handler).
        slots.declare("article.head", "In the article page's <head>: its slots' stylesheets.")
        slots.declare("article.after_title", "In the article's header, after its lead.")
        slots.declare("article.in_body", "After the body's block number `after`.")
        slots.declare("article.after_body", "After the body and its tags, before the disclaimer.")
        slots.declare("article.sidebar", "Beside the article: after it, before related ones.")
        slots.declare("listing.inline", "In a listing's grid of cards, after its sixth card.")
        slots.declare("article.editor", "Panels at the end of the article editor's content tab.")

        from . import cache

        cache.register()  # what its changes make stale in the page cache

        from infofinance.wiring import routes

        from .models import KNOWLEDGE_SECTION_SLUGS, NEWS_SECTION_SLUGS

        # Hubs and the authors' index are top-level pages; the live site's section paths under
        # the hubs redirect to the section pages.
        routes.top_level_page("news.ArticleIndexPage")
        routes.top_level_page("news.AuthorIndexPage")
        for hub, sections, word in (
            ("tin-tuc", NEWS_SECTION_SLUGS["vi"], "chuyen-muc"),
            ("en/news", NEWS_SECTION_SLUGS["en"], "section"),
            ("kien-thuc", KNOWLEDGE_SECTION_SLUGS["vi"], "chuyen-muc"),
            ("en/knowledge", KNOWLEDGE_SECTION_SLUGS["en"], "section"),
        ):
            for slug in sections:
                routes.legacy(f"{hub}/{slug}", f"/{hub}/{word}/{slug}/")
