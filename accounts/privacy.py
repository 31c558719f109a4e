"""The personal data of the accounts app: the account itself and allauth's addresses of it (core.personal_data)."""

from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _

from core.personal_data import PersonalData, erased_address, register

from .models import User

register(
    PersonalData(
        section="account",
        title=_("Your account"),
        model="accounts.User",
        rows=lambda person: User.objects.filter(pk=person.user_id),
        fields=("email", "name"),
        erased={"email": erased_address(), "name": ""},
        details=lambda user: {
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
    )
)
register(
    PersonalData(
        section="email_addresses",
        title=_("Your email addresses"),
        model="account.EmailAddress",
        rows=lambda person: EmailAddress.objects.filter(user_id=person.user_id),
        fields=("email",),
        erased=None,  # allauth's record of the address: without an account it has no use
        details=lambda address: {"verified": address.verified, "primary": address.primary},
    )
)
