VI = {
    "Page %(number)s": "Trang %(number)s",
    "Section": "Chuyên mục",
}
