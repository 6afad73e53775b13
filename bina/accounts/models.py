"""Users, their roles in a Pemda, and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import Pemda, TenantModel
from bina.core.roles import Role


class User(AbstractUser):
    """A person who logs in. Belongs to one Pemda, except the platform superadmin.

    Linking to an `Employee` gives the participant (self) scope and, through the org
    chart, supervisor rights over direct and indirect reports.
    """

    pemda = models.ForeignKey(
        Pemda, null=True, blank=True, on_delete=models.PROTECT, related_name="users", verbose_name=_("Pemda")
    )
    employee = models.OneToOneField(
        "people.Employee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
        verbose_name=_("employee"),
    )
    is_superadmin = models.BooleanField(_("platform superadmin"), default=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="id")

    @property
    def display_name(self) -> str:
        """What people read ("Hosnan Kholik"): the account's name (the employee's, copied at creation), else
        the linked employee's, else the username. The session's user comes with its employee (backends)."""
        if name := self.get_full_name():
            return name
        employee = self.employee if self.employee_id else None
        return employee.name if employee is not None else self.username


# Roles whose reach is an org-unit subtree; for these a unit is required (leader: optional = whole Pemda).
UNIT_SCOPED_ROLES = {Role.OPERATOR, Role.LEADER}


class RoleAssignment(TenantModel):
    """A role a user holds in their Pemda; operator and leader roles reach one unit's subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    org_unit = models.ForeignKey(
        "people.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("unit (subtree)"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinators",
        verbose_name=_("partner institution"),
        help_text="Only for the partner coordinator role: the institution whose classes and instructors it sees.",
    )
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "org_unit"], name="role_unique_per_user_unit"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(org_unit__isnull=True), name="role_unique_per_user_nounit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.org_unit_id or ''}"


class ApiToken(models.Model):
    """A bearer token for the REST API. Only a SHA-256 hash is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
