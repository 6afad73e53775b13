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
    get_enrolment_for_user,
    get_programme_for_user,
)
from bina.training.attendance.completion import enrolment_scores_set
from bina.training.attendance.models import Attendance, AttendanceStatus
from bina.training.catalogue.models import Course, CourseCompetency, LearningPath, Programme
from bina.training.classes.models import (
    AbsenceReason,
    ClassStatus,
    Enrolment,
    EnrolmentStatus,
    Session,
    TrainingClass,
)
from bina.training.classes.services import pemda_zone
from bina.training.hooks import TrainingHooks, hooks
from bina.training.learning.home import (
    LeaderDashboard,
    ProgrammeYear,
    leader_dashboard,
    programme_data_version,
    programme_year,
)
from bina.training.learning.models import YEARLY_JP_TARGET, JpCredit
from bina.training.learning.participation import (
    EmployeeFacts,
    EnrolmentFact,
    enrolments_sought_since,
    participation_facts,
)
from bina.training.learning.selectors import completed_course_choices, training_end_dates
from bina.training.learning.services import jp_credit_practice
from bina.training.permissions import can_manage_class, can_view_participants

__all__ = [
    "YEARLY_JP_TARGET",
    "AbsenceReason",
    "Attendance",
    "AttendanceStatus",
    "ClassStatus",
    "Course",
    "CourseCompetency",
    "EmployeeFacts",
    "Enrolment",
    "EnrolmentFact",
    "EnrolmentStatus",
    "JpCredit",
    "LeaderDashboard",
    "LearningPath",
    "Programme",
    "ProgrammeYear",
    "Session",
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
    "enrolments_sought_since",
    "get_class_for_user",
    "get_course_for_user",
    "get_enrolment_for_user",
    "get_programme_for_user",
    "hooks",
    "jp_credit_practice",
    "leader_dashboard",
    "participation_facts",
    "pemda_zone",
    "programme_data_version",
    "programme_year",
    "training_end_dates",
]
