"""`manage.py load_simulation_scenarios --pemda SLUG [--practice-course KODE]`: add the starter scenario library
(eight situations of kelurahan, kecamatan and Dispendukcapil services, `bina/simulations/data/scenarios.json`)
to a Pemda, as its system actor. Idempotent: scenarios the Pemda has (by code) are kept as they are. The
optional course (non-classical, e.g. belajar mandiri) is what a completed branching practice counts for."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bina.core.actor import Actor
from bina.core.errors import BinaError
from bina.core.models import Pemda
from bina.simulations.services import scenario_library_load
from bina.training.facade import courses_for


class Command(BaseCommand):
    help = "Add the starter public-service simulation scenarios to a Pemda."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pemda", required=True, help="slug of the Pemda")
        parser.add_argument("--practice-course", default="", help="code of a non-classical course practice counts for")

    def handle(self, *args: Any, **options: Any) -> None:
        pemda = Pemda.objects.filter(slug=options["pemda"]).first()
        if pemda is None:
            raise CommandError(f"No Pemda with slug {options['pemda']!r}.", returncode=2)
        actor = Actor.system(pemda.pk, label="load_simulation_scenarios")
        course = None
        if options["practice_course"]:
            course = courses_for(actor).filter(code=options["practice_course"]).first()
            if course is None:
                raise CommandError(f"No course {options['practice_course']!r} in {pemda.slug}.", returncode=2)
        try:
            added = scenario_library_load(actor=actor, pemda=pemda, practice_course=course)
        except BinaError as exc:
            raise CommandError(str(exc.message), returncode=1) from exc
        self.stdout.write(f"{pemda.slug}: {added} scenarios added")
