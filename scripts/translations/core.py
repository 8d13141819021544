VI = {
    "Page %(number)s": "Trang %(number)s",
}
