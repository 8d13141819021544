VI = {
    "Page %(number)s": "Trang %(number)s",
    "Section": "Chuyên mục",
    # Comparison
    "Add a broker (name, abbreviation or another name)": (
        "Thêm sàn (tên, tên viết tắt hoặc tên khác)"
    ),
    "Add": "Thêm",
    "No broker matches “%(added)s”.": "Không có sàn nào khớp với “%(added)s”.",
    "Remove": "Bỏ",
    "Compare with other brokers": "So sánh với các sàn khác",
    "Compare": "So sánh",
}
