"""Two-factor sign-in: a TOTP device (an authenticator app) and one-use recovery codes, on top of django-otp.

Required of superusers and regional leads (settings.SITAR_2FA_REQUIRED), optional for everyone else; whoever has a
device gives a code at every sign-in, on the screens, in the admin and when asking for an API token.
"""
