"""HTTP protocol for uvicorn: requests it cannot parse get the problem+json contract too.

uvicorn answers a request line or header block it cannot parse (raw non-ASCII bytes in the target,
a malformed ``Content-Length`` …) itself, before the application sees it, with a plain-text 400.
This subclass keeps uvicorn's parser and only replaces that answer's body and type.
"""

from __future__ import annotations

import json

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from service.api.problems import _GENERIC, PROBLEM, problem_body

_SLUG, _TITLE = _GENERIC[400][:2]
BODY = json.dumps(problem_body(
    400, _SLUG, _TITLE, "无法解析该 HTTP 请求（请求行、URL 编码或请求头格式错误）。",
    "The HTTP request cannot be parsed (malformed request line, URL encoding or headers)."),
    ensure_ascii=False).encode("utf-8")


class ProblemHttpToolsProtocol(HttpToolsProtocol):
    """httptools protocol whose parse-error answer is ``application/problem+json``."""

    def send_400_response(self, msg: str) -> None:
        content = [b"HTTP/1.1 400 Bad Request\r\n"]
        for name, value in self.server_state.default_headers:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend([
            b"content-type: " + PROBLEM.encode("ascii") + b"; charset=utf-8\r\n",
            b"content-length: " + str(len(BODY)).encode("ascii") + b"\r\n",
            b"connection: close\r\n",
            b"\r\n",
            BODY,
        ])
        self.transport.write(b"".join(content))
        self.transport.close()
