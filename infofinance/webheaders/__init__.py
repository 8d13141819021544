"""Web headers: the Content-Security-Policy (django-csp, with the admin's additions), the
Permissions-Policy, and framing (X-Frame-Options with a matching frame-ancestors). Also the
overrides of Wagtail's admin templates whose inline scripts a strict policy would block: their
code runs from a static script that reads data- attributes (static/webheaders/admin-init.js)."""
