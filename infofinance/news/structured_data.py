"""JSON-LD for articles: NewsArticle for the news, Article for the knowledge hub's evergreen
pieces, with their authors, publisher and image."""

from django.templatetags.static import static

from infofinance.core.structured_data import absolute, organization


def news_article(*, page, authors, section, tags, image_url: str | None, language: str) -> dict:
    evergreen = section is not None and section.kind == "knowledge"
    data = {
        "@type": "Article" if evergreen else "NewsArticle",
        "@id": absolute(page.url) + "#article",
        "headline": page.title[:110],
        "description": page.search_description or page.lead,
        "url": absolute(page.url),
        "mainEntityOfPage": absolute(page.url),
        "inLanguage": language,
        "datePublished": page.display_date,
        "dateModified": page.updated_at or page.last_published_at or page.display_date,
        "author": [{"@type": "Person", "name": a.title, "url": absolute(a.url)} for a in authors],
        "publisher": organization(),
        "isAccessibleForFree": True,
    }
    # Search engines want an image for every article: the site's share image when it has none.
    data["image"] = [absolute(image_url or static("img/og-default.png"))]
    if section is not None:
        data["articleSection"] = section.name
    if tags:
        data["keywords"] = [tag.name for tag in tags]
    return data
