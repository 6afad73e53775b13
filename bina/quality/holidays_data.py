"""The default holiday calendar: national holidays (hari libur nasional) and cuti bersama per year.

Each year's dates come from that year's Surat Keputusan Bersama (SKB) of three ministers (Menteri Agama,
Menteri Ketenagakerjaan, Menteri PANRB), named in `SOURCES`. Religious holidays follow the lunar and
lunisolar calendars, so a year's SKB can be revised (the government moved or added days in 2024 and 2025);
an entry with `certain=False` is one we could not confirm against the published SKB, and its description
says "perkiraan". Every value is editable per Pemda on the holiday page; a Pemda adds its own local days
off (kind `lokal`). docs/glossary.md ("Hari kerja", "Cuti bersama") repeats the sources.

Loaded by `bina.quality.services.holidays_load` (every new Pemda; existing ones by migration 0005_load_holidays).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bina.quality.models import HolidayKind

N = HolidayKind.NATIONAL.value
CB = HolidayKind.CUTI_BERSAMA.value


@dataclass(frozen=True)
class DefaultHoliday:
    date: dt.date
    description: str
    kind: str
    certain: bool = True

    @property
    def stored_description(self) -> str:
        return self.description if self.certain else f"{self.description} (perkiraan)"


SOURCES: dict[int, str] = {
    2024: (
        "SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 855 Tahun 2023, Nomor 3 Tahun 2023, "
        "Nomor 4 Tahun 2023 tentang Hari Libur Nasional dan Cuti Bersama Tahun 2024"
    ),
    2025: (
        "SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 1017 Tahun 2024, Nomor 2 Tahun 2024, "
        "Nomor 2 Tahun 2024 tentang Hari Libur Nasional dan Cuti Bersama Tahun 2025 (cuti bersama 18 Agustus "
        "ditambahkan kemudian; belum dicocokkan dengan naskah perubahan)"
    ),
    2026: (
        "SKB tiga menteri tentang Hari Libur Nasional dan Cuti Bersama Tahun 2026 (ditandatangani September 2025; "
        "nomor SKB dan tanggal cuti bersama belum dicocokkan dengan naskah resmi)"
    ),
    2027: (
        "Perkiraan dari kalender Hijriah, Imlek, Saka dan Paskah: SKB tahun 2027 belum dimuat; cuti bersama 2027 "
        "belum diisi. Cocokkan dengan SKB 2027 dan ubah di halaman hari libur."
    ),
}


def _d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


DEFAULT_HOLIDAYS: tuple[DefaultHoliday, ...] = (
    # --- 2024 -------------------------------------------------------------------------------
    DefaultHoliday(_d(2024, 1, 1), "Tahun Baru 2024 Masehi", N),
    DefaultHoliday(_d(2024, 2, 8), "Isra Mikraj Nabi Muhammad SAW", N),
    DefaultHoliday(_d(2024, 2, 9), "Cuti bersama Tahun Baru Imlek", CB),
    DefaultHoliday(_d(2024, 2, 10), "Tahun Baru Imlek 2575 Kongzili", N),
    DefaultHoliday(_d(2024, 3, 11), "Hari Suci Nyepi Tahun Baru Saka 1946", N),
    DefaultHoliday(_d(2024, 3, 12), "Cuti bersama Hari Suci Nyepi", CB),
    DefaultHoliday(_d(2024, 3, 29), "Wafat Isa Al Masih", N),
    DefaultHoliday(_d(2024, 3, 31), "Hari Paskah", N),
    DefaultHoliday(_d(2024, 4, 8), "Cuti bersama Idul Fitri 1445 H", CB),
    DefaultHoliday(_d(2024, 4, 9), "Cuti bersama Idul Fitri 1445 H", CB),
    DefaultHoliday(_d(2024, 4, 10), "Idul Fitri 1445 H", N),
    DefaultHoliday(_d(2024, 4, 11), "Idul Fitri 1445 H", N),
    DefaultHoliday(_d(2024, 4, 12), "Cuti bersama Idul Fitri 1445 H", CB),
    DefaultHoliday(_d(2024, 4, 15), "Cuti bersama Idul Fitri 1445 H", CB),
    DefaultHoliday(_d(2024, 5, 1), "Hari Buruh Internasional", N),
    DefaultHoliday(_d(2024, 5, 9), "Kenaikan Isa Al Masih", N),
    DefaultHoliday(_d(2024, 5, 10), "Cuti bersama Kenaikan Isa Al Masih", CB),
    DefaultHoliday(_d(2024, 5, 23), "Hari Raya Waisak 2568 BE", N),
    DefaultHoliday(_d(2024, 5, 24), "Cuti bersama Hari Raya Waisak", CB),
    DefaultHoliday(_d(2024, 6, 1), "Hari Lahir Pancasila", N),
    DefaultHoliday(_d(2024, 6, 17), "Idul Adha 1445 H", N),
    DefaultHoliday(_d(2024, 6, 18), "Cuti bersama Idul Adha 1445 H", CB),
    DefaultHoliday(_d(2024, 7, 7), "Tahun Baru Islam 1446 H", N),
    DefaultHoliday(_d(2024, 8, 17), "Hari Kemerdekaan Republik Indonesia", N),
    DefaultHoliday(_d(2024, 9, 16), "Maulid Nabi Muhammad SAW", N),
    DefaultHoliday(_d(2024, 12, 25), "Hari Raya Natal", N),
    DefaultHoliday(_d(2024, 12, 26), "Cuti bersama Hari Raya Natal", CB),
    # --- 2025 -------------------------------------------------------------------------------
    DefaultHoliday(_d(2025, 1, 1), "Tahun Baru 2025 Masehi", N),
    DefaultHoliday(_d(2025, 1, 27), "Isra Mikraj Nabi Muhammad SAW", N),
    DefaultHoliday(_d(2025, 1, 28), "Cuti bersama Tahun Baru Imlek", CB),
    DefaultHoliday(_d(2025, 1, 29), "Tahun Baru Imlek 2576 Kongzili", N),
    DefaultHoliday(_d(2025, 3, 28), "Cuti bersama Hari Suci Nyepi", CB),
    DefaultHoliday(_d(2025, 3, 29), "Hari Suci Nyepi Tahun Baru Saka 1947", N),
    DefaultHoliday(_d(2025, 3, 31), "Idul Fitri 1446 H", N),
    DefaultHoliday(_d(2025, 4, 1), "Idul Fitri 1446 H", N),
    DefaultHoliday(_d(2025, 4, 2), "Cuti bersama Idul Fitri 1446 H", CB),
    DefaultHoliday(_d(2025, 4, 3), "Cuti bersama Idul Fitri 1446 H", CB),
    DefaultHoliday(_d(2025, 4, 4), "Cuti bersama Idul Fitri 1446 H", CB),
    DefaultHoliday(_d(2025, 4, 7), "Cuti bersama Idul Fitri 1446 H", CB),
    DefaultHoliday(_d(2025, 4, 18), "Wafat Isa Al Masih", N),
    DefaultHoliday(_d(2025, 4, 20), "Hari Paskah", N),
    DefaultHoliday(_d(2025, 5, 1), "Hari Buruh Internasional", N),
    DefaultHoliday(_d(2025, 5, 12), "Hari Raya Waisak 2569 BE", N),
    DefaultHoliday(_d(2025, 5, 13), "Cuti bersama Hari Raya Waisak", CB),
    DefaultHoliday(_d(2025, 5, 29), "Kenaikan Isa Al Masih", N),
    DefaultHoliday(_d(2025, 5, 30), "Cuti bersama Kenaikan Isa Al Masih", CB),
    DefaultHoliday(_d(2025, 6, 1), "Hari Lahir Pancasila", N),
    DefaultHoliday(_d(2025, 6, 6), "Idul Adha 1446 H", N),
    DefaultHoliday(_d(2025, 6, 9), "Cuti bersama Idul Adha 1446 H", CB),
    DefaultHoliday(_d(2025, 6, 27), "Tahun Baru Islam 1447 H", N),
    DefaultHoliday(_d(2025, 8, 17), "Hari Kemerdekaan Republik Indonesia", N),
    DefaultHoliday(_d(2025, 8, 18), "Cuti bersama Hari Kemerdekaan", CB, certain=False),
    DefaultHoliday(_d(2025, 9, 5), "Maulid Nabi Muhammad SAW", N),
    DefaultHoliday(_d(2025, 12, 25), "Hari Raya Natal", N),
    DefaultHoliday(_d(2025, 12, 26), "Cuti bersama Hari Raya Natal", CB),
    # --- 2026 (dates of the SKB as we recall them; not checked against the signed text) ------
    DefaultHoliday(_d(2026, 1, 1), "Tahun Baru 2026 Masehi", N),
    DefaultHoliday(_d(2026, 1, 16), "Isra Mikraj Nabi Muhammad SAW", N, certain=False),
    DefaultHoliday(_d(2026, 2, 16), "Cuti bersama Tahun Baru Imlek", CB, certain=False),
    DefaultHoliday(_d(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili", N),
    DefaultHoliday(_d(2026, 3, 18), "Cuti bersama Hari Suci Nyepi", CB, certain=False),
    DefaultHoliday(_d(2026, 3, 19), "Hari Suci Nyepi Tahun Baru Saka 1948", N, certain=False),
    DefaultHoliday(_d(2026, 3, 20), "Cuti bersama Idul Fitri 1447 H", CB, certain=False),
    DefaultHoliday(_d(2026, 3, 21), "Idul Fitri 1447 H", N, certain=False),
    DefaultHoliday(_d(2026, 3, 22), "Idul Fitri 1447 H", N, certain=False),
    DefaultHoliday(_d(2026, 3, 23), "Cuti bersama Idul Fitri 1447 H", CB, certain=False),
    DefaultHoliday(_d(2026, 3, 24), "Cuti bersama Idul Fitri 1447 H", CB, certain=False),
    DefaultHoliday(_d(2026, 4, 3), "Wafat Isa Al Masih", N),
    DefaultHoliday(_d(2026, 4, 5), "Hari Paskah", N),
    DefaultHoliday(_d(2026, 5, 1), "Hari Buruh Internasional", N),
    DefaultHoliday(_d(2026, 5, 14), "Kenaikan Isa Al Masih", N),
    DefaultHoliday(_d(2026, 5, 15), "Cuti bersama Kenaikan Isa Al Masih", CB, certain=False),
    DefaultHoliday(_d(2026, 5, 27), "Idul Adha 1447 H", N, certain=False),
    DefaultHoliday(_d(2026, 5, 28), "Cuti bersama Idul Adha 1447 H", CB, certain=False),
    DefaultHoliday(_d(2026, 5, 31), "Hari Raya Waisak 2570 BE", N, certain=False),
    DefaultHoliday(_d(2026, 6, 1), "Hari Lahir Pancasila", N),
    DefaultHoliday(_d(2026, 6, 16), "Tahun Baru Islam 1448 H", N, certain=False),
    DefaultHoliday(_d(2026, 8, 17), "Hari Kemerdekaan Republik Indonesia", N),
    DefaultHoliday(_d(2026, 8, 25), "Maulid Nabi Muhammad SAW", N, certain=False),
    DefaultHoliday(_d(2026, 12, 24), "Cuti bersama Hari Raya Natal", CB, certain=False),
    DefaultHoliday(_d(2026, 12, 25), "Hari Raya Natal", N),
    # --- 2027 (estimates: no SKB loaded; fixed-date holidays are certain) ---------------------
    DefaultHoliday(_d(2027, 1, 1), "Tahun Baru 2027 Masehi", N),
    DefaultHoliday(_d(2027, 1, 5), "Isra Mikraj Nabi Muhammad SAW", N, certain=False),
    DefaultHoliday(_d(2027, 2, 6), "Tahun Baru Imlek 2578 Kongzili", N, certain=False),
    DefaultHoliday(_d(2027, 3, 8), "Hari Suci Nyepi Tahun Baru Saka 1949", N, certain=False),
    DefaultHoliday(_d(2027, 3, 10), "Idul Fitri 1448 H", N, certain=False),
    DefaultHoliday(_d(2027, 3, 11), "Idul Fitri 1448 H", N, certain=False),
    DefaultHoliday(_d(2027, 3, 26), "Wafat Isa Al Masih", N),
    DefaultHoliday(_d(2027, 3, 28), "Hari Paskah", N),
    DefaultHoliday(_d(2027, 5, 1), "Hari Buruh Internasional", N),
    DefaultHoliday(_d(2027, 5, 6), "Kenaikan Isa Al Masih", N),
    DefaultHoliday(_d(2027, 5, 17), "Idul Adha 1448 H", N, certain=False),
    DefaultHoliday(_d(2027, 5, 20), "Hari Raya Waisak 2571 BE", N, certain=False),
    DefaultHoliday(_d(2027, 6, 1), "Hari Lahir Pancasila", N),
    DefaultHoliday(_d(2027, 6, 6), "Tahun Baru Islam 1449 H", N, certain=False),
    DefaultHoliday(_d(2027, 8, 15), "Maulid Nabi Muhammad SAW", N, certain=False),
    DefaultHoliday(_d(2027, 8, 17), "Hari Kemerdekaan Republik Indonesia", N),
    DefaultHoliday(_d(2027, 12, 25), "Hari Raya Natal", N),
)

DEFAULT_YEARS: tuple[int, ...] = tuple(sorted(SOURCES))


def defaults_for(years: tuple[int, ...] | list[int] | range) -> list[DefaultHoliday]:
    wanted = set(years)
    return [h for h in DEFAULT_HOLIDAYS if h.date.year in wanted]
