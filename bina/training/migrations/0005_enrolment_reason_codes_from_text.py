"""Failed completions stored their reason as text in the language of whoever completed the class
("attendance 60% < 80%; no post-test score", or "kehadiran 60% < 80%"). Recognised texts become the
reason code and its parameters, so every reader sees them in their own language; anything else stays as
it was, as free text."""

import re

from django.db import migrations

NUMBER = r"(\d+(?:[.,]\d+)?)"
PATTERNS = [
    (re.compile(rf"^(?:attendance|kehadiran) {NUMBER}% < {NUMBER}%$", re.I), "attendance_below_minimum", ("pct", "min")),
    (re.compile(r"^(?:no post-test score|tidak ada nilai post-test)$", re.I), "post_test_missing", ()),
    (re.compile(rf"^post-test {NUMBER} < {NUMBER}$", re.I), "post_test_below_minimum", ("score", "min")),
]


def parse_reason(text):
    """(code, params) for a completion reason written by the old code, or None when it is not one."""
    parts = [part.strip() for part in (text or "").split(";") if part.strip()]
    if not parts:
        return None
    found = []
    for part in parts:
        for pattern, code, names in PATTERNS:
            match = pattern.match(part)
            if match:
                found.append((code, {n: v.replace(",", ".") for n, v in zip(names, match.groups(), strict=True)}))
                break
        else:
            return None  # not (only) what completion wrote: keep it as typed
    if len(found) == 1:
        return found[0]
    return "several", {"reasons": [{"code": code, "params": params} for code, params in found]}


def forwards(apps, schema_editor):
    Enrolment = apps.get_model("training", "Enrolment")
    rows = Enrolment.objects.filter(status="failed", reason_code="").exclude(reason="")
    changed = []
    for enrolment in rows.only("pk", "reason").iterator(chunk_size=2000):
        parsed = parse_reason(enrolment.reason)
        if parsed is not None:
            enrolment.reason_code, enrolment.reason_params = parsed
            enrolment.reason = ""
            changed.append(enrolment)
    Enrolment.objects.bulk_update(changed, ["reason_code", "reason_params", "reason"], batch_size=1000)


def backwards(apps, schema_editor):
    """Back to text (in the default language), so a rollback loses no reason."""
    from django.conf import settings
    from django.utils import translation

    from bina.core.reasons import reason_render

    Enrolment = apps.get_model("training", "Enrolment")
    changed = []
    with translation.override(settings.LANGUAGE_CODE):
        for enrolment in Enrolment.objects.exclude(reason_code="").iterator(chunk_size=2000):
            rendered = reason_render(enrolment.reason_code, enrolment.reason_params)
            enrolment.reason = f"{rendered}; {enrolment.reason}" if enrolment.reason else rendered
            changed.append(enrolment)
    Enrolment.objects.bulk_update(changed, ["reason"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("training", "0004_enrolment_reason_code")]

    operations = [migrations.RunPython(forwards, backwards)]
