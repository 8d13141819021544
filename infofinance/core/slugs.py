"""The one slug function of the project: ASCII, lower case, `đ` kept as `d`."""

from django.utils.text import slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def ascii_slug(text: str, max_length: int = 255) -> str:
    """`Đồng USD` → `dong-usd`; `VN-Index vượt 1.300 điểm` → `vn-index-vuot-1300-diem`."""
    slug = slugify(str(text).translate(_D_MAP), allow_unicode=False)
    return slug[:max_length].strip("-")
