"""Administrators see who has registered an app and delete a lost one; never the secret.

django-otp's own admin shows the secret and its QR code to administrators, so ours
replaces it.
"""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice


class AuthenticatorDeviceAdmin(admin.ModelAdmin):
    """Administrators see who has registered an app and delete a lost one (never the secret)."""

    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username",)
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # people register their own app at log-in

    def has_change_permission(self, request, obj=None):
        return False


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, AuthenticatorDeviceAdmin)
