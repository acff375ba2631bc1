"""The one request loop (async and sync twins): auth, retries, rate limits, errors, parsing."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from ._json import TooDeeplyNested, decode_json
from ._retry import backoff_delay, is_retryable_status, parse_retry_after
from ._security import check_api_key, check_base_url, redact
from ._transport import async_client, sync_client
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    MalformedResponseError,
    error_class_for,
)
from .types import Platform, RateLimit

DEFAULT_BASE_URL = "https://app.status200uploads.com/functions/v1"
DEFAULT_SITE_URL = "https://status200uploads.com"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 3
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
USER_AGENT = "s200desk/0.1 (+httpx)"

ModelT = TypeVar("ModelT", bound=BaseModel)

_PLATFORM_NAMES = frozenset(p.value for p in Platform)


@dataclass(frozen=True)
class APIRequest:
    """One logical request; the loop may send it more than once only when `retry` is set."""

    method: str
    url: str
    params: dict[str, str | int] | None = None
    json: dict[str, Any] | None = None
    platform: str | None = None  # which platform's rate limit the answer describes
    retry: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class BaseClient:
    """State and decisions shared by the async and the sync client."""

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str,
        site_url: str,
        timeout: float | httpx.Timeout,
        max_retries: int,
        initial_retry_delay: float,
        max_retry_delay: float,
        max_retry_after: float,
    ) -> None:
        self._api_key = check_api_key(api_key)
        self.base_url = check_base_url(base_url, name="base_url")
        self.site_url = check_base_url(site_url, name="site_url")
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self.max_retries = max_retries
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self.initial_retry_delay = initial_retry_delay
        self.max_retry_delay = max_retry_delay
        self.max_retry_after = max_retry_after
        self.rate_limits: dict[str, RateLimit] = {}
        self.last_rate_limit: RateLimit | None = None

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, site_url={self.site_url!r}, "
            f"api_key='rl_***', max_retries={self.max_retries})"
        )

    __str__ = __repr__

    # -- building -------------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self._api_key}",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }

    def _redact(self, text: str) -> str:
        return redact(text, self._api_key)

    def _describe(self, request: APIRequest) -> str:
        url = httpx.URL(request.url, params=request.params or None)
        return self._redact(f"{request.method} {url}")

    # -- deciding ---------------------------------------------------------------------------------

    def _can_retry(self, request: APIRequest, attempt: int) -> bool:
        return request.retry and attempt < self.max_retries

    def _retry_delay(self, attempt: int, error: APIStatusError | None) -> float:
        if error is not None and error.retry_after is not None:
            return min(error.retry_after, self.max_retry_after)
        return backoff_delay(
            attempt, initial=self.initial_retry_delay, maximum=self.max_retry_delay
        )

    # -- reading ----------------------------------------------------------------------------------

    def _record_rate_limit(self, response: httpx.Response, request: APIRequest) -> None:
        platform = request.platform
        if platform is None:
            # Not in the reference, but a server may say which platform the numbers describe.
            named = response.headers.get("x-ratelimit-platform")
            platform = named if named in _PLATFORM_NAMES else _platform_in_body(response)
        limit = RateLimit.from_headers(response.headers, platform=platform)
        if limit is None:
            return
        self.last_rate_limit = limit
        if platform is not None:
            self.rate_limits[platform] = limit

    def _connection_error(self, exc: httpx.RequestError, request: APIRequest) -> APIConnectionError:
        where = self._describe(request)
        detail = self._redact(str(exc)) or type(exc).__name__
        cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        kind = "Timed out" if cls is APITimeoutError else "Connection failed"
        error = cls(f"{kind} on {where}: {detail}", method=request.method, url=where)
        # Nothing left the machine when the connection was never established.
        error.request_sent = not isinstance(
            exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout
        )
        return error

    def _status_error(self, response: httpx.Response, request: APIRequest) -> APIStatusError:
        message, code, body = _error_details(response)
        message = self._redact(message)
        body = _redact_body(body, self._redact)
        where = self._describe(request)
        cls = error_class_for(response.status_code)
        return cls(
            message,
            status_code=response.status_code,
            code=code,
            body=body,
            headers=dict(response.headers),
            retry_after=parse_retry_after(response.headers.get("retry-after"), cap=float("inf")),
            method=request.method,
            url=where,
        )

    def _decode(self, response: httpx.Response, request: APIRequest) -> Any:
        where = self._describe(request)
        try:
            return decode_json(response.content)
        except ValueError as exc:
            snippet = self._redact(response.text[:200]) if response.content else "(empty body)"
            what = "JSON nested too deeply" if isinstance(exc, TooDeeplyNested) else "not JSON"
            raise MalformedResponseError(
                f"{where} answered {response.status_code} with a body that is {what}: "
                f"{snippet!r}",
                status_code=response.status_code,
                body=snippet,
                method=request.method,
                url=where,
            ) from exc

    def _parse(self, response: httpx.Response, request: APIRequest, model: type[ModelT]) -> ModelT:
        data = self._decode(response, request)
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            where = self._describe(request)
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or '(body)'}: {err['msg']}"
                for err in exc.errors()[:5]
            )
            raise MalformedResponseError(
                f"{where} answered {response.status_code} with an unexpected body "
                f"(expected {model.__name__}): {self._redact(problems)}",
                status_code=response.status_code,
                body=_redact_body(data, self._redact),
                method=request.method,
                url=where,
            ) from None


class AsyncAPIClient(BaseClient):
    """The async request loop on one long-lived httpx.AsyncClient."""

    def __init__(self, *, http_client: httpx.AsyncClient | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._owns_http = http_client is None
        self._http = http_client or async_client(self.timeout)
        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def _send(self, request: APIRequest) -> httpx.Response:
        attempt = 0
        ambiguous = False
        while True:
            try:
                response = await self._http.request(
                    request.method,
                    request.url,
                    params=request.params,
                    json=request.json,
                    headers=self._headers(),
                    timeout=self.timeout,
                )
            except httpx.RequestError as exc:
                error = self._connection_error(exc, request)
                if self._can_retry(request, attempt):
                    ambiguous = ambiguous or error.request_sent
                    await self._sleep(self._retry_delay(attempt, None))
                    attempt += 1
                    continue
                raise error from None
            self._record_rate_limit(response, request)
            if response.is_success:
                return response
            status_error = self._status_error(response, request)
            status_error.after_ambiguous_attempt = ambiguous
            if self._can_retry(request, attempt) and is_retryable_status(response.status_code):
                ambiguous = ambiguous or response.status_code >= 500
                await self._sleep(self._retry_delay(attempt, status_error))
                attempt += 1
                continue
            raise status_error

    async def _request(self, request: APIRequest, model: type[ModelT]) -> ModelT:
        return self._parse(await self._send(request), request, model)

    async def close(self) -> None:
        """Close the connection pool (if this client created it)."""
        if self._owns_http:
            await self._http.aclose()

    aclose = close


class SyncAPIClient(BaseClient):
    """The blocking twin of the loop, on httpx.Client."""

    def __init__(self, *, http_client: httpx.Client | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._owns_http = http_client is None
        self._http = http_client or sync_client(self.timeout)
        self._sleep: Callable[[float], None] = time.sleep

    def _send(self, request: APIRequest) -> httpx.Response:
        attempt = 0
        ambiguous = False
        while True:
            try:
                response = self._http.request(
                    request.method,
                    request.url,
                    params=request.params,
                    json=request.json,
                    headers=self._headers(),
                    timeout=self.timeout,
                )
            except httpx.RequestError as exc:
                error = self._connection_error(exc, request)
                if self._can_retry(request, attempt):
                    ambiguous = ambiguous or error.request_sent
                    self._sleep(self._retry_delay(attempt, None))
                    attempt += 1
                    continue
                raise error from None
            self._record_rate_limit(response, request)
            if response.is_success:
                return response
            status_error = self._status_error(response, request)
            status_error.after_ambiguous_attempt = ambiguous
            if self._can_retry(request, attempt) and is_retryable_status(response.status_code):
                ambiguous = ambiguous or response.status_code >= 500
                self._sleep(self._retry_delay(attempt, status_error))
                attempt += 1
                continue
            raise status_error

    def _request(self, request: APIRequest, model: type[ModelT]) -> ModelT:
        return self._parse(self._send(request), request, model)

    def close(self) -> None:
        """Close the connection pool (if this client created it)."""
        if self._owns_http:
            self._http.close()


def _platform_in_body(response: httpx.Response) -> str | None:
    if "json" not in response.headers.get("content-type", ""):
        return None
    try:
        data = decode_json(response.content)
    except ValueError:
        return None
    value = data.get("platform") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value in _PLATFORM_NAMES else None


def _error_details(response: httpx.Response) -> tuple[str, str | None, Any]:
    """The server's message, code and body, from JSON (`error`/`message`), text, or nothing."""
    body: Any = None
    text = response.text if response.content else ""
    try:
        body = decode_json(response.content) if text.strip() else None
    except ValueError:
        body = text
    message: str | None = None
    code: str | None = None
    if isinstance(body, dict):
        err = body.get("error")
        extra = body.get("message") if isinstance(body.get("message"), str) else None
        if isinstance(err, dict):
            message = err.get("message") if isinstance(err.get("message"), str) else None
            inner = err.get("code")
            code = str(inner) if isinstance(inner, str | int) else None
        elif isinstance(err, str) and err.strip():
            message = err.strip()
        if extra and extra.strip():
            message = f"{message}: {extra.strip()}" if message and message != extra else extra
        if not message and isinstance(body.get("detail"), str):
            message = body["detail"]
        raw_code = body.get("code")
        if isinstance(raw_code, str | int) and not isinstance(raw_code, bool):
            code = str(raw_code)
    elif isinstance(body, str) and body.strip():
        message = body.strip()[:1000]
    elif body is not None:
        message = json.dumps(body)[:1000]
    if not message:
        message = response.reason_phrase or f"HTTP {response.status_code}"
    return message, code, body


def _redact_body(body: Any, scrub: Callable[[str], str]) -> Any:
    if isinstance(body, str):
        return scrub(body)
    if body is None:
        return None
    try:
        return json.loads(scrub(json.dumps(body)))
    except (TypeError, ValueError):
        return None
