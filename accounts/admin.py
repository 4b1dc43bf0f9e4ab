"""Accounts and groups in the admin, within the limits of ``accounts.access``.

What a person may not change is shown read-only (or not at all); a request that
changes it anyway (a hand-made POST) is refused with the sentence from
``accounts.access`` and changes nothing.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group, Permission, User

from . import access

LOCKED_FOR_ADMINISTRATORS = ("is_superuser", "user_permissions")


def _submitted_ids(form, name: str, current: set[int]) -> set:
    """The ids a many-to-many field is set to: from the form when it has the field,
    else from the raw request when it carries the field anyway, else unchanged."""
    if name in form.fields:
        return {obj.pk for obj in form.cleaned_data.get(name) or []}
    if name in form.data:
        return set(form.data.getlist(name)) if hasattr(form.data, "getlist") else {"?"}
    return current


def _normalised(ids: set) -> set:
    return {int(i) if str(i).isdigit() else i for i in ids}


class GrantGuardMixin:
    """Refuses, per field, what ``actor`` may not grant (``access.grant_refusals``)."""

    actor = None

    def clean(self):
        cleaned = super().clean()
        account = self.instance if self.instance.pk else None
        was_superuser = bool(account and account.is_superuser)
        if "is_superuser" in self.fields:
            superuser = bool(cleaned.get("is_superuser"))
        else:
            superuser = str(self.data.get("is_superuser", "")).lower() in ("on", "true", "1")
        groups = set(account.groups.values_list("pk", flat=True)) if account else set()
        permissions = (
            set(account.user_permissions.values_list("pk", flat=True)) if account else set()
        )
        new_groups = _normalised(_submitted_ids(self, "groups", groups))
        new_permissions = _normalised(_submitted_ids(self, "user_permissions", permissions))
        refusals = access.grant_refusals(
            self.actor,
            account,
            superuser=superuser and not was_superuser,
            groups_changed=new_groups != groups,
            permissions_given=bool(new_permissions - permissions),
        )
        for field, sentence in refusals.items():
            self.add_error(field if field in self.fields else None, sentence)
        return cleaned


class AccountCreationForm(GrantGuardMixin, AdminUserCreationForm):
    pass


class AccountChangeForm(GrantGuardMixin, UserChangeForm):
    pass


class AccountAdmin(UserAdmin):
    """Django's user admin, within the limits of ``accounts.access``."""

    form = AccountChangeForm
    add_form = AccountCreationForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            readonly += LOCKED_FOR_ADMINISTRATORS
            if obj.pk == request.user.pk:
                readonly.append("groups")
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and access.account_refusal(request.user, obj):
            return False  # shown read-only
        return super().has_change_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        refusal = access.account_refusal(request.user, obj) if obj is not None else None
        if refusal and request.method == "GET":
            messages.info(request, refusal)
        return super().change_view(request, object_id, form_url, extra_context)


class RoleAwareGroupForm(forms.ModelForm):
    actor = None

    class Meta:
        model = Group
        fields = ["name", "permissions"]

    def clean(self):
        cleaned = super().clean()
        group = self.instance
        stored_name = Group.objects.filter(pk=group.pk).values_list("name", flat=True).first()
        name = cleaned.get("name") if "name" in self.fields else self.data.get("name", stored_name)
        current = (
            set(group.permissions.values_list("pk", flat=True)) if group.pk is not None else set()
        )
        ids = _normalised(_submitted_ids(self, "permissions", current))
        permissions = None
        if ids != current:
            numbers = {i for i in ids if isinstance(i, int)}
            permissions = set(
                Permission.objects.filter(pk__in=numbers).select_related("content_type")
            )
        refusal = access.group_refusal(
            self.actor,
            group if group.pk is not None else Group(name=name),
            renamed=group.pk is not None and name != stored_name,
            permissions=permissions,
        )
        if refusal:
            raise forms.ValidationError(refusal)
        return cleaned


class RoleAwareGroupAdmin(GroupAdmin):
    """Groups; the role groups' name and permissions come from the code."""

    form = RoleAwareGroupForm
    list_display = ["name", "is_a_role"]

    @admin.display(description="role defined in code", boolean=True)
    def is_a_role(self, group) -> bool:
        return access.is_role(group)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def get_readonly_fields(self, request, obj=None):
        if access.is_role(obj):
            return ["name", "permissions"]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        if access.is_role(obj):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if access.is_role(obj) and request.method == "GET":
            messages.info(request, access.ROLE_IS_CODE.format(name=obj.name))
        return super().change_view(request, object_id, form_url, extra_context)


for model in (User, Group):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.register(User, AccountAdmin)
admin.site.register(Group, RoleAwareGroupAdmin)
