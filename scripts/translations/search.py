"""Vietnamese for the site search (results page, filters, suggestions)."""

VI = {
    "Search both languages": "Tìm cả tiếng Việt và tiếng Anh",
    "All sections": "Tất cả chuyên mục",
    "Published from": "Đăng từ ngày",
    "Published until": "Đến ngày",
    "The end date is before the start date.": "Ngày kết thúc đang trước ngày bắt đầu.",
    "Filter news": "Lọc tin tức",
    "Choose a section from the list.": "Hãy chọn một chuyên mục trong danh sách.",
    "Enter a date like 2026-01-31.": "Hãy nhập ngày theo dạng 2026-01-31.",
    "Result types": "Loại kết quả",
    "More than %(count)s results; the most relevant recent ones are shown.": (
        "Hơn %(count)s kết quả; đang hiển thị các kết quả gần đây phù hợp nhất."
    ),
    "Try without the filters.": "Hãy thử bỏ bớt bộ lọc.",
    "Type a few words: a broker's name, a topic, a regulator. Diacritics are optional.": (
        "Nhập vài từ: tên sàn, chủ đề hay cơ quan quản lý. Gõ có dấu hay không dấu đều được."
    ),
    "News and knowledge": "Tin tức và kiến thức",
    "Suggestions": "Gợi ý",
}

PLURALS = {"%(count)s result": ["%(count)s kết quả"]}
