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
    "Remove the invisible control characters (%(characters)s): they can change how the text is shown, for example its direction.": "Hãy xóa các ký tự điều khiển ẩn (%(characters)s): chúng có thể thay đổi cách văn bản hiển thị, chẳng hạn như chiều của chữ.",
}
