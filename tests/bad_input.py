"""The bad-input corpus: what every way in (command, admin form, API) must survive."""

TEN_MB = ("خبر " * (10 * 1024 * 1024 // 7 + 1)).encode("utf-8")

# name -> (bytes, what the user must be told, or None when the text is accepted)
REFUSED = {
    "empty": (b"", "The article is empty"),
    "whitespace only": (b" \n\t\r\n   \n", "The article is empty"),
    "10 MB": (TEN_MB, "the limit is 2 MB"),
    "binary": (bytes(range(256)) * 40, "binary file"),
    "invalid UTF-8": ("مرحبا".encode() + b"\xff\xfe" + b" world", "not valid UTF-8"),
    "NUL bytes": (b"Officials said\x00 the talks resumed.", "binary file"),
}
ACCEPTED = {
    "a 10,000-character word": ("قال " + "ب" * 10_000 + " المتحدث.").encode("utf-8"),
    "bidi overrides": "قال المتحدث \u202eإن الاجتماع\u202c عقد يوم الأحد.\u2066x\u2069".encode(),
    "HTML and JavaScript": (
        b'<p onclick="steal()">Officials said</p><script>alert(document.cookie)</script>'
        b'<img src=x onerror="alert(1)"> the talks resumed on Monday.'
    ),
}
