import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infofinance.settings.production")

from infofinance.pagecache.wsgi import PageCacheApp

application = PageCacheApp(get_wsgi_application())
