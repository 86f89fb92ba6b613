"""Chinese numerals as printed in legal texts (第一百零七条, 第二十六条之一, （四）)."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def cn_to_int(text: str) -> int:
    """Convert a Chinese (or Arabic) numeral to an int.

    >>> cn_to_int("一百零七"), cn_to_int("十二"), cn_to_int("二十"), cn_to_int("1203")
    (107, 12, 20, 1203)
    """
    s = text.strip().translate(_FULLWIDTH)
    if not s:
        raise ValueError("empty numeral")
    if s.isdigit():
        return int(s)
    if s[0] in _UNITS and s[0] != "十":
        raise ValueError(f"not a numeral: {text!r}")
    total, digit = 0, 0
    for ch in s:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            total += (digit or 1) * unit
            digit = 0
        elif ch == "万":
            total = (total + digit) * 10_000
            digit = 0
        else:
            raise ValueError(f"not a numeral: {text!r}")
    return total + digit


def int_to_cn(n: int) -> str:
    """Inverse of :func:`cn_to_int` in the style used by Chinese legislation (n < 10000).

    >>> int_to_cn(107), int_to_cn(12), int_to_cn(20), int_to_cn(266)
    ('一百零七', '十二', '二十', '二百六十六')
    """
    if n <= 0 or n >= 10_000:
        raise ValueError("only 1..9999")
    digits = "零一二三四五六七八九"
    parts: list[str] = []
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    zero = False
    for value, name in units:
        d = n // value % 10
        if d == 0:
            if parts:
                zero = True
            continue
        if zero:
            parts.append("零")
            zero = False
        if value == 10 and d == 1 and not parts:
            parts.append("十")
        else:
            parts.append(digits[d] + name)
    return "".join(parts)


_SUFFIX = {"之一": 1, "之二": 2, "之三": 3, "之四": 4, "之五": 5, "之六": 6, "之七": 7,
           "之八": 8, "之九": 9, "之十": 10}


def parse_article_number(text: str) -> tuple[int, int]:
    """Parse '第二十六条之一', '第26条', '二十六', '26-1' → (26, 1); suffix 0 when none."""
    s = text.strip().translate(_FULLWIDTH).replace(" ", "")
    if s.startswith("第"):
        s = s[1:]
    suffix = 0
    for mark, value in _SUFFIX.items():
        if s.endswith(mark):
            suffix, s = value, s[: -len(mark)]
            break
    if s.endswith("条"):
        s = s[:-1]
    if "-" in s:
        head, tail = s.split("-", 1)
        return cn_to_int(head), cn_to_int(tail)
    for mark, value in _SUFFIX.items():
        if s.endswith("条" + mark):
            return cn_to_int(s[: -len(mark) - 1]), value
    return cn_to_int(s), suffix


def article_label(number: int, suffix: int = 0) -> str:
    """'第二十六条' or '第二十六条之一'."""
    base = f"第{int_to_cn(number)}条"
    return base + (f"之{int_to_cn(suffix)}" if suffix else "")
