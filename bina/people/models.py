"""Organisation units and the employee (ASN) registry, with the history of who served where."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel

# Import jobs live in bina.imports; these names stay importable from here (migration 0002 names
# `import_upload_path` here).
from bina.imports.models import ImportJob as ImportJob
from bina.imports.models import ImportJobStatus as ImportJobStatus
from bina.imports.models import import_upload_path as import_upload_path


class OrgUnitKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    BAGIAN = "bagian", _("Bagian")
    BIDANG = "bidang", _("Bidang")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    UPTD = "uptd", _("UPTD")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    SEKOLAH = "sekolah", _("Sekolah")
    LAINNYA = "lainnya", _("Lainnya")


class OrgUnit(TenantModel):
    """A unit of the Pemda's organisation (OPD, kecamatan, kelurahan, bidang, ...).

    `path` is a materialised path of ids ("/12/40/97/"), so a subtree is one indexed
    prefix query: every scope check and roll-up depends on that being cheap.
    """

    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["pemda", "code"], name="orgunit_code_unique_per_pemda")]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.closed_on is None


class Gender(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class AsnType(models.TextChoices):
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")


# PNS golongan/ruang I/a..IV/e (PP 99/2000) and PPPK grades I..XVII (Perpres 98/2020).
PNS_GOLONGAN: tuple[str, ...] = tuple(
    f"{rank}/{step}" for rank in ("I", "II", "III", "IV") for step in ("abcde" if rank == "IV" else "abcd")
)
PPPK_GRADES: tuple[str, ...] = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)  # fmt: skip


class PositionKind(models.TextChoices):
    STRUKTURAL = "struktural", _("Struktural")
    FUNGSIONAL = "fungsional", _("Fungsional")
    PELAKSANA = "pelaksana", _("Pelaksana")


class EmployeeStatus(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    CUTI = "cuti", _("Cuti")
    PENSIUN = "pensiun", _("Pensiun")
    BERHENTI = "berhenti", _("Berhenti")


class Education(models.TextChoices):
    SD = "SD", "SD"
    SMP = "SMP", "SMP"
    SMA = "SMA", "SMA/SMK"
    D1 = "D1", "D-I"
    D2 = "D2", "D-II"
    D3 = "D3", "D-III"
    D4 = "D4", "D-IV"
    S1 = "S1", "S-1"
    S2 = "S2", "S-2"
    S3 = "S3", "S-3"


class Employee(TenantModel):
    """An ASN (PNS or PPPK) of one Pemda, identified by NIP (see `bina.people.nip`)."""

    nip = models.CharField(_("NIP"), max_length=18)
    name = models.CharField(_("name"), max_length=200, help_text=_("Full name with academic titles."))
    sort_name = models.CharField(max_length=200, editable=False, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    asn_type = models.CharField(_("ASN type"), max_length=4, choices=AsnType.choices)
    golongan = models.CharField(_("golongan/grade"), max_length=8, blank=True)
    position_name = models.CharField(_("position"), max_length=200, blank=True)
    position_kind = models.CharField(_("position kind"), max_length=12, choices=PositionKind.choices, blank=True)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="employees", verbose_name=_("unit"))
    supervisor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="direct_reports",
        verbose_name=_("direct supervisor"),
    )
    education = models.CharField(_("education level"), max_length=3, choices=Education.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EmployeeStatus.choices, default=EmployeeStatus.AKTIF)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    appointed_on = models.DateField(_("TMT (appointment)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_name", "nip"]
        constraints = [models.UniqueConstraint(fields=["pemda", "nip"], name="employee_nip_unique_per_pemda")]
        indexes = [
            models.Index(fields=["pemda", "sort_name", "nip"], name="employee_pemda_sort"),
            models.Index(fields=["unit", "sort_name"], name="employee_unit_sort"),
            models.Index(fields=["supervisor"], name="employee_supervisor"),
        ]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"


class EmploymentRecord(TenantModel):
    """One period in which an employee served in a unit and position.

    Training impact is attributed to the unit a person served in at the time, so
    changes close the open record and open a new one instead of overwriting.
    """

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="history")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="employment_records")
    position_name = models.CharField(max_length=200, blank=True)
    position_kind = models.CharField(max_length=12, choices=PositionKind.choices, blank=True)
    golongan = models.CharField(max_length=8, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="Last day in this unit/position; empty while current.")
    source = models.CharField(max_length=20, default="manual")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["employee", "-valid_from", "-id"]
        indexes = [models.Index(fields=["employee", "valid_from"], name="employment_emp_from")]

    def __str__(self) -> str:
        return f"{self.employee_id} @ {self.unit_id} from {self.valid_from}"


class ImportKind(models.TextChoices):
    UNITS = "units", _("Organisation units")
    EMPLOYEES = "employees", _("Employees")
