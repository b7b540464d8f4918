"""Signing in to the API: a token for username, password and (where the user has 2FA) a code; revoking tokens."""

from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox import views as knox_views
from knox.models import AuthToken
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from api.authentication import TokenAuthentication
from api.throttling import TokenRateThrottle
from permissions.signin import lockout_message
from permissions.two_factor.services import INVALID_CODE, device_for_code, has_two_factor, two_factor_required


class AuthTokenSerializer(serializers.Serializer):
    """The credentials of a token request; `otp` is required of a user with two-factor sign-in."""

    username = serializers.CharField(label=_("User name"), max_length=150)
    password = serializers.CharField(
        label=_("Password"), max_length=128, trim_whitespace=False, style={"input_type": "password"}
    )
    otp = serializers.CharField(
        label=_("Code"),
        max_length=32,
        required=False,
        help_text="A code of the user's authenticator app, or a recovery code (used up).",
    )

    def validate(self, attrs):
        # Through authenticate() with the request, so that a lockout (django-axes) counts failed token requests too.
        user = authenticate(request=self.context["request"], username=attrs["username"], password=attrs["password"])
        if user is None:
            if getattr(self.context["request"], "axes_locked_out", False):
                # Said as on the login page: guessing on looks the same as a wrong password, the owner learns why.
                raise serializers.ValidationError(lockout_message(), code="locked_out")
            raise serializers.ValidationError(_("Unable to log in with provided credentials."), code="authorization")
        if has_two_factor(user):
            if not attrs.get("otp"):
                raise serializers.ValidationError(
                    {"otp": _("Enter a code of your two-factor sign-in.")}, code="required"
                )
            if device_for_code(user=user, code=attrs["otp"]) is None:
                raise serializers.ValidationError({"otp": INVALID_CODE}, code="invalid")
        elif two_factor_required(user):
            raise serializers.ValidationError(
                {"otp": _("Your role requires two-factor sign-in: set it up in the application first.")}, code="enrol"
            )
        attrs["user"] = user
        return attrs


class IssuedTokenSerializer(serializers.Serializer):
    """A new API token: shown once (only its digest is stored), valid until `expiry`."""

    token = serializers.CharField()
    expiry = serializers.DateTimeField()


class TokenView(knox_views.LoginView):
    """A new token for the `Authorization: Token …` header."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenRateThrottle]

    @extend_schema(request=AuthTokenSerializer, responses={200: IssuedTokenSerializer})
    def post(self, request, format=None):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        request.user = serializer.validated_data["user"]
        # The sweep knox would do on every request (api.authentication): the user's expired tokens go now.
        AuthToken.objects.filter(user=request.user, expiry__lt=timezone.now()).delete()
        return super().post(request, format)


class LogoutView(knox_views.LogoutView):
    """Revoke the token of this request."""

    authentication_classes = [TokenAuthentication]

    @extend_schema(request=None, responses={204: OpenApiResponse(description="The token is revoked.")})
    def post(self, request, format=None):
        return super().post(request, format)


class LogoutAllView(knox_views.LogoutAllView):
    """Revoke every token of the user of this request."""

    authentication_classes = [TokenAuthentication]

    @extend_schema(request=None, responses={204: OpenApiResponse(description="All the user's tokens are revoked.")})
    def post(self, request, format=None):
        return super().post(request, format)
