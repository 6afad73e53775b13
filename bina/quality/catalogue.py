"""The default service catalogue every Pemda starts with (population documents, adminduk).

No national maximum completion time for population documents is confirmed (the "1 jam" often
attributed to Permendagri 19/2018 is not); each default below is a local standard seen in a Pemda's
published service standard (UU 25/2009, PermenPANRB 15/2014), or says that none was found. Every value
is editable per Pemda; docs/glossary.md ("Standar pelayanan") lists the same sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from bina.people.models import OrgUnitKind
from bina.quality.models import Channel

ALL_CHANNELS = (Channel.LOKET.value, Channel.ONLINE.value, Channel.JEMPUT_BOLA.value)
COUNTER_ONLINE = (Channel.LOKET.value, Channel.ONLINE.value)


@dataclass(frozen=True)
class DefaultService:
    code: str
    name: str
    unit_kind: str
    channels: tuple[str, ...]
    sla_minutes: int | None
    sla_working_days: int | None
    source: str


SEEN = "standar pelayanan lokal yang ditemukan"

DEFAULT_SERVICES: tuple[DefaultService, ...] = (
    DefaultService(
        "KTP-EL",
        "KTP elektronik (cetak baru/ganti)",
        OrgUnitKind.KELURAHAN,
        ALL_CHANNELS,
        None,
        1,
        f"{SEEN}: KTP-el 1 hari sampai 14 hari kerja; bawaan = yang tercepat (1 hari kerja)",
    ),
    DefaultService(
        "KK",
        "Kartu Keluarga",
        OrgUnitKind.KELURAHAN,
        ALL_CHANNELS,
        None,
        5,
        f"{SEEN}: KK dan KTP-el 5 hari kerja",
    ),
    DefaultService(
        "AKTA-LAHIR",
        "Akta kelahiran",
        OrgUnitKind.KELURAHAN,
        ALL_CHANNELS,
        None,
        3,
        f"{SEEN}: akta kelahiran 1-3 hari kerja; bawaan = batas atas",
    ),
    DefaultService(
        "AKTA-MATI",
        "Akta kematian",
        OrgUnitKind.KELURAHAN,
        COUNTER_ONLINE,
        30,
        None,
        f"{SEEN}: akta kematian 30 menit",
    ),
    DefaultService(
        "KIA",
        "Kartu Identitas Anak",
        OrgUnitKind.KELURAHAN,
        ALL_CHANNELS,
        None,
        7,
        f"{SEEN}: KIA 7 hari kerja (Surabaya)",
    ),
    DefaultService(
        "PINDAH-DATANG",
        "Surat pindah / kedatangan penduduk",
        OrgUnitKind.KELURAHAN,
        COUNTER_ONLINE,
        None,
        5,
        "tidak ditemukan standar lokal; bawaan sama dengan KK (5 hari kerja), tetapkan sendiri",
    ),
    DefaultService(
        "AKTA-KAWIN",
        "Akta perkawinan",
        OrgUnitKind.DINAS,
        COUNTER_ONLINE,
        None,
        3,
        "tidak ditemukan standar lokal; bawaan sama dengan akta kelahiran (3 hari kerja), tetapkan sendiri",
    ),
    DefaultService(
        "AKTA-CERAI",
        "Akta perceraian",
        OrgUnitKind.DINAS,
        COUNTER_ONLINE,
        None,
        3,
        "tidak ditemukan standar lokal; bawaan sama dengan akta kelahiran (3 hari kerja), tetapkan sendiri",
    ),
    DefaultService(
        "BIODATA",
        "Perubahan biodata penduduk",
        OrgUnitKind.KELURAHAN,
        COUNTER_ONLINE,
        None,
        5,
        "tidak ditemukan standar lokal; bawaan sama dengan KK (5 hari kerja), tetapkan sendiri",
    ),
    DefaultService(
        "LEGALISIR",
        "Legalisir dokumen kependudukan",
        OrgUnitKind.KELURAHAN,
        (Channel.LOKET.value,),
        15,
        None,
        "tidak ditemukan standar lokal; bawaan 15 menit untuk layanan loket, tetapkan sendiri",
    ),
)
