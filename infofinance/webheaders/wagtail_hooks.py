from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def csp_init_script():
    """The code of the inline scripts our template overrides removed (static/webheaders/)."""
    return format_html('<script src="{}"></script>', static("webheaders/admin-init.js"))
