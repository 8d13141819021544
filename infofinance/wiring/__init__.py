"""Cross-app registries: the places where a feature app plugs itself into the others' pages,
events and routes from its `AppConfig.ready()`, so that no app imports another to be wired in.

- `slots`: page slots (article chips, sidebar, after a paragraph; editor panels; home and broker
  page blocks) that other apps fill.
- `events`: domain events published by services after commit, handled by queued tasks.
- `routes`: localized path prefixes, section slugs, reserved words, top-level page types and
  legacy redirects, with the generated `docs/routes.md`.
"""
