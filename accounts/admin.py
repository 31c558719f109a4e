from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from participants.services import delete_people


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")
        field_classes = {}


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, reshaped for an account that logs in with its email address."""

    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "name", "usable_password", "password1", "password2")},
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("email", "name", "is_staff", "is_superuser", "is_active", "last_login", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "name")
    ordering = ("email",)
    date_hierarchy = "date_joined"

    # A deleted account's registrations go through the registration services: seats reach the waitlist.
    def delete_model(self, request, obj):
        delete_people(users=User.objects.filter(pk=obj.pk), actor=request.user)

    def delete_queryset(self, request, queryset):
        delete_people(users=queryset, actor=request.user)
