"""An RFC 3161 timestamp client on the standard library (pyHanko's needs `requests` or `aiohttp`)."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request

from asn1crypto import tsp
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError

from desktop.i18n import N_, LocalizedError, Message
from desktop.package.smallfile import read_at_most

MAX_RESPONSE_BYTES = 1_000_000


class UrllibTimeStamper(TimeStamper):
    def __init__(self, url: str, timeout: float = 15.0) -> None:
        super().__init__()
        self.url = url
        self.timeout = timeout

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        def task() -> tsp.TimeStampResp:
            request = urllib.request.Request(
                self.url,
                data=req.dump(),
                headers={"Content-Type": "application/timestamp-query"},
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    kind = response.headers.get_content_type()
                    body = read_at_most(response, MAX_RESPONSE_BYTES)  # None: longer than any answer
            except (OSError, urllib.error.URLError) as exc:
                raise TimestampRequestError("Error in communication with timestamp server") from exc
            if kind != "application/timestamp-reply" or body is None:
                raise TimestampRequestError("Timestamp server response is malformed.")
            return tsp.TimeStampResp.load(body)

        return await asyncio.to_thread(task)


async def reachable_timestamper(url: str | None, *, required: bool) -> TimeStamper | None:
    """A timestamper for `url` once it has answered a first request, else None (or an error).

    package.md: B-T "when a timestamp server is configured and reachable"; a signer that must
    have a timestamp passes `required=True` and gets a clear error instead of a B-B signature.
    """
    if not url:
        return None
    stamper = UrllibTimeStamper(url)
    try:
        await stamper.async_dummy_response("sha256")
    except (TimestampRequestError, SigningError, OSError, ValueError):
        if required:
            raise LocalizedError(
                Message(N_("The timestamp server {url} did not answer"), url=url)
            ) from None
        return None
    return stamper
