"""Reading a request body with the size limit (413 before the whole body is held in memory)."""

from __future__ import annotations

from fastapi import Request

from service.domain.errors import TooLarge


async def read_limited(request: Request, limit: int) -> bytes:
    """The body, or ``TooLarge`` as soon as the declared or received size exceeds ``limit``."""
    too_large = TooLarge(f"请求体超过 {limit} 字节。", f"The request body exceeds {limit} bytes.",
                         extra={"max_body_bytes": limit})
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    buf = bytearray()
    async for chunk in request.stream():
        buf += chunk
        if len(buf) > limit:
            raise too_large
    return bytes(buf)
