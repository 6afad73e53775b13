"""Give every Pemda that already exists the SKM questionnaire (new ones get it on creation)."""

from django.db import migrations


def load(apps, schema_editor):
    from bina.skm.elements import INSTRUMENT_CODE, INSTRUMENT_NAME, skm_questions

    Pemda = apps.get_model("core", "Pemda")
    Instrument = apps.get_model("surveys", "Instrument")
    InstrumentVersion = apps.get_model("surveys", "InstrumentVersion")
    Question = apps.get_model("surveys", "Question")
    for pemda in Pemda.objects.all():
        if Instrument.objects.filter(pemda=pemda, code=INSTRUMENT_CODE).exists():
            continue
        instrument = Instrument.objects.create(pemda=pemda, code=INSTRUMENT_CODE, name=INSTRUMENT_NAME)
        version = InstrumentVersion.objects.create(instrument=instrument, number=1, is_current=True)
        Question.objects.bulk_create(
            Question(version=version, position=i, **spec.as_fields()) for i, spec in enumerate(skm_questions(), start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("skm", "0001_initial"), ("surveys", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
