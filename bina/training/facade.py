"""What other apps may use of training: the one door into the app (import-linter forbids the rest).

Apps built on training (certificates today; evaluation and impact next) import from here, never
from its sub-packages, so training can reorganise its insides without touching them. Add a name
here when another app needs it, and keep it to models, scoped reads and the hooks.
"""

from bina.training.access import (
    classes_for,
    classes_taught_by,
    courses_for,
    enrolment_scope,
    enrolments_for,
    get_class_for_user,
    get_course_for_user,
)
from bina.training.attendance.completion import enrolment_scores_set
from bina.training.catalogue.models import Course, CourseCompetency
from bina.training.classes.models import AbsenceReason, ClassStatus, Enrolment, EnrolmentStatus, TrainingClass
from bina.training.classes.services import pemda_zone
from bina.training.hooks import TrainingHooks, hooks
from bina.training.learning.home import (
    LeaderDashboard,
    ProgrammeYear,
    leader_dashboard,
    programme_data_version,
    programme_year,
)
from bina.training.learning.models import YEARLY_JP_TARGET
from bina.training.learning.participation import EmployeeFacts, EnrolmentFact, participation_facts
from bina.training.learning.selectors import completed_course_choices, training_end_dates
from bina.training.permissions import can_manage_class, can_view_participants

__all__ = [
    "YEARLY_JP_TARGET",
    "AbsenceReason",
    "ClassStatus",
    "Course",
    "CourseCompetency",
    "EmployeeFacts",
    "Enrolment",
    "EnrolmentFact",
    "EnrolmentStatus",
    "LeaderDashboard",
    "ProgrammeYear",
    "TrainingClass",
    "TrainingHooks",
    "can_manage_class",
    "can_view_participants",
    "classes_for",
    "classes_taught_by",
    "completed_course_choices",
    "courses_for",
    "enrolment_scope",
    "enrolment_scores_set",
    "enrolments_for",
    "get_class_for_user",
    "get_course_for_user",
    "hooks",
    "leader_dashboard",
    "participation_facts",
    "pemda_zone",
    "programme_data_version",
    "programme_year",
    "training_end_dates",
]
