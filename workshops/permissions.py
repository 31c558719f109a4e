"""Who may manage which workshop: the one answer every organiser page asks for."""

from .models import OrganiserMembership, Workshop

SECRETARIAT_PERMISSION = "workshops.manage_all_workshops"


def is_secretariat(user):
    """The secretariat (a permission granted in admin, usually through a group) manages every workshop."""
    return user.is_authenticated and user.has_perm(SECRETARIAT_PERMISSION)


def managed_workshops(user):
    if is_secretariat(user):
        return Workshop.objects.all()
    return Workshop.objects.filter(
        organiser_memberships__user=user, organiser_memberships__role=OrganiserMembership.Role.ORGANISER
    )


def checkin_workshops(user):
    """Workshops where the user is check-in staff only (organisers see them among managed_workshops)."""
    if is_secretariat(user):
        return Workshop.objects.none()
    return Workshop.objects.filter(
        organiser_memberships__user=user, organiser_memberships__role=OrganiserMembership.Role.CHECKIN
    )


def uses_console(user):
    """Whether the organiser console has anything for this user: the “Manage” link and /manage/ itself."""
    if not user.is_authenticated:
        return False
    return is_secretariat(user) or OrganiserMembership.objects.filter(user=user).exists()


def workshop_role(user, workshop):
    """'organiser' for the secretariat and full organisers, 'checkin' for check-in staff, None otherwise."""
    if not user.is_authenticated:
        return None
    if is_secretariat(user):
        return OrganiserMembership.Role.ORGANISER
    return OrganiserMembership.objects.filter(workshop=workshop, user=user).values_list("role", flat=True).first()


def visible_workshops(user):
    """Published workshops for everyone; drafts and cancelled ones only for the people who manage them."""
    published = Workshop.objects.published()
    if not user.is_authenticated:
        return published
    return Workshop.objects.filter(pk__in=published.values("pk")) | Workshop.objects.filter(
        pk__in=managed_workshops(user).values("pk")
    )
