from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.throttling import AnonRateThrottle

from gongkai.agencies.models import ApiToken, hash_token

# Writing last_used_at on every call would turn every read into a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class OptionalTokenAuth(TokenAuth):
    """For endpoints open to the public that show more to staff: a missing token is fine, a bad one is not."""

    def __call__(self, request: HttpRequest) -> User | bool | None:
        if not request.headers.get(self.header):
            return True
        return super().__call__(request)


class PublicRateThrottle(AnonRateThrottle):
    """The API's per-address limit, also for endpoints with OptionalTokenAuth: that auth marks an anonymous
    call with `request.auth = True`, which the stock AnonRateThrottle takes for a logged-in caller."""

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if isinstance(getattr(request, "auth", None), User):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
