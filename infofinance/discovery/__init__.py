"""How readers and machines find the content: feeds (RSS, Atom, JSON Feed), sitemaps, Google News
sitemap and robots.txt."""
