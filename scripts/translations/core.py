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
    "The site is briefly unavailable": "Trang web tạm thời không truy cập được",
    "The server took too long to answer": "Máy chủ phản hồi quá lâu",
    "Each file may be at most %(size)s, and at most %(count)s files may be sent at once. Nothing was saved: go back, choose smaller files and send the form again.": "Mỗi tệp tối đa %(size)s và mỗi lần gửi tối đa %(count)s tệp. Chưa có gì được lưu: hãy quay lại, chọn tệp nhỏ hơn và gửi lại biểu mẫu.",
    "Our server is not answering at the moment. Please try again in a few minutes.": "Máy chủ của chúng tôi hiện không phản hồi. Vui lòng thử lại sau ít phút.",
    "Our server took too long to answer. Please try again in a few minutes; if you sent a form, check whether it was saved before sending it again.": "Máy chủ của chúng tôi phản hồi quá lâu. Vui lòng thử lại sau ít phút; nếu bạn vừa gửi biểu mẫu, hãy kiểm tra xem nó đã được lưu chưa trước khi gửi lại.",
}
