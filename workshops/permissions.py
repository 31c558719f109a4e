"""Who may manage which workshop: the one answer every organiser page asks for."""

from .models import OrganiserMembership

SECRETARIAT_PERMISSION = "workshops.manage_all_workshops"


def is_secretariat(user):
    """The secretariat (a permission granted in admin, usually through a group) manages every workshop."""
    return user.is_authenticated and user.has_perm(SECRETARIAT_PERMISSION)


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
