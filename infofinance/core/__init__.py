"""Shared plumbing only: slugs, page mixins, site settings, middleware, template tags and the
worker. Nothing here knows about news, brokers or complaints."""
