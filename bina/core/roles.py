"""The roles a user can hold in a Pemda. Defined in core because the `Actor` (core) reasons about them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin BKPSDM")
    OPERATOR = "operator", _("Operator")
    LEADER = "leader", _("Leader")
    INSTRUCTOR = "instructor", _("Instructor")
    PARTICIPANT = "participant", _("Participant")
    PARTNER = "partner", _("Partner coordinator")
