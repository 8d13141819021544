"""The newsroom: news and knowledge hubs, sections, tags, authors and articles."""
