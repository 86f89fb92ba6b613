"""Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters, check digit last.

Registration by this code is required by 《优化营商环境条例》第十九条.
"""

from __future__ import annotations

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check(code17: str) -> str:
    """The check character for the first 17 characters."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(code17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def valid_uscc(code: str) -> bool:
    if len(code) != 18 or any(c not in USCC_CHARS for c in code):
        return False
    return uscc_check(code[:17]) == code[17]
