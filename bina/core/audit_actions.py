"""The audit log in words: one label per action code, the only place codes become text.

Services write stable codes (`auth.login`, `employee.view`); the audit page shows "Logged in" /
"Masuk", "Viewed a profile" / "Melihat profil". A code written by `audit_record` with no label
here fails `bina/core/tests/test_audit_actions.py`, which reads every code in the source.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS: dict[str, str | Promise] = {
    # accounts
    "auth.login": _("Logged in"),
    "auth.login_failed": _("Failed login"),
    "auth.lockout_lift": _("Lifted a login lockout"),
    "account.password_change": _("Changed own password"),
    "account.password_reset": _("Reset password by email"),
    "user.create": _("Created an account"),
    "user.update": _("Changed an account"),
    "user.activate": _("Activated or deactivated an account"),
    "role.assign": _("Gave a role"),
    "role.revoke": _("Took back a role"),
    "token.create": _("Created an API token"),
    "token.revoke": _("Revoked an API token"),
    # platform
    "pemda.create": _("Created a Pemda"),
    "pemda.update": _("Changed the Pemda settings"),
    "pemda.emblem_set": _("Uploaded the Pemda's emblem"),
    "pemda.emblem_remove": _("Removed the Pemda's emblem"),
    "job.reclaim_retried": _("Retried a stalled background job"),
    "job.reclaim_failed": _("Gave up a stalled background job"),
    # simulations
    "simulation.library_load": _("Loaded the starter simulation scenarios"),
    "simulation.scenario_update": _("Changed a simulation scenario"),
    "simulation.performance_assign": _("Assigned a role-play performance"),
    "simulation.performance_start": _("Started a role-play performance"),
    "simulation.performance_close": _("Closed the scoring of a role-play performance"),
    "simulation.performance_debrief": _("Debriefed a role-play performance"),
    "simulation.performance_rate": _("Scored a role-play performance"),
    "simulation.practice_start": _("Started a branching practice"),
    "simulation.practice_choose": _("Made a choice in a branching practice"),
    # public services
    "quality.catalogue_load": _("Loaded the default service catalogue"),
    "quality.records_write": _("Wrote service records"),
    "quality.service_type_create": _("Added a service type"),
    "quality.service_type_update": _("Changed a service type"),
    "quality.holiday_create": _("Added a holiday"),
    "quality.holiday_update": _("Changed a holiday"),
    "quality.holiday_delete": _("Deleted a holiday"),
    "quality.holidays_load": _("Loaded the default holidays"),
    "import.service_types": _("Imported service types"),
    "import.holidays": _("Imported holidays"),
    "quality.rollups_rebuild": _("Rebuilt the service-record rollups"),
    # surveys and SKM
    "surveys.version_create": _("Made a new version of a questionnaire"),
    "surveys.campaign_create": _("Started a survey campaign"),
    "surveys.campaign_close": _("Closed a survey campaign"),
    "surveys.campaign_open": _("Opened a survey campaign"),
    "surveys.campaign_cancel": _("Cancelled a survey campaign"),
    "participation.campaign_create": _("Prepared a campaign"),
    "participation.campaign_launch": _("Launched a campaign"),
    "participation.campaign_close": _("Closed a campaign"),
    "participation.campaign_cancel": _("Cancelled a campaign"),
    "evaluation.settings_update": _("Changed the evaluation settings"),
    "evaluation.behaviour_answer": _("Answered a behaviour follow-up"),
    "evaluation.testimony_curate": _("Approved or hid a testimony"),
    "skm.setting_update": _("Changed the SKM settings"),
    "skm.response_submit": _("Answered the satisfaction survey"),
    "skm.responses_import": _("Imported paper SKM forms"),
    # people
    "employee.create": _("Added an employee"),
    "employee.update": _("Changed an employee"),
    "employee.view": _("Viewed a profile"),
    "org_unit.create": _("Added a unit"),
    "org_unit.update": _("Changed a unit"),
    "org_unit.move": _("Moved a unit"),
    "org_unit.close": _("Closed a unit"),
    "org_unit.delete": _("Deleted a unit"),
    "import.employees": _("Imported employees"),
    "import.service_records": _("Imported service records"),
    "import.units": _("Imported units"),
    "people.export_employees": _("Exported the employee list"),
    "training.export_riwayat_diklat": _("Exported the training history (SIASN)"),
    "import.training_history": _("Imported training history from before Bina"),
    "training.export_below_target": _("Exported the people below the JP target"),
    # catalogue and competencies
    "programme.create": _("Created a programme"),
    "programme.update": _("Changed a programme"),
    "programme.status": _("Changed a programme's status"),
    "course.create": _("Created a course"),
    "course.update": _("Changed a course"),
    "competency.create": _("Added a competency"),
    "competency.update": _("Changed a competency"),
    "competency.activate": _("Activated a competency"),
    "competency.deactivate": _("Deactivated a competency"),
    "competency.dictionary_load": _("Loaded the competency dictionary"),
    # classes (class.<status> is a lifecycle step: the class's new status)
    "class.create": _("Created a class"),
    "class.update": _("Changed a class"),
    "class.quotas": _("Set unit quotas of a class"),
    "class.draft": _("Put a class back to draft"),
    "class.open": _("Opened registration"),
    "class.closed": _("Closed registration"),
    "class.running": _("Started a class"),
    "class.complete": _("Completed a class"),
    "class.completed": _("Completed a class"),
    "class.cancelled": _("Cancelled a class"),
    "class.cancel_enrolments": _("Cancelled the enrolments of a class"),
    "class.reopen": _("Reopened a completed class"),
    "session.create": _("Added a session"),
    "session.update": _("Changed a session"),
    "session.delete": _("Deleted a session"),
    "attendance.check_in": _("Checked in"),
    "attendance.mark_bulk": _("Marked attendance"),
    # enrolments
    "enrolment.request": _("Asked to enrol"),
    "enrolment.approve": _("Approved an enrolment"),
    "enrolment.reject": _("Rejected an enrolment"),
    "enrolment.accept": _("Accepted a nomination"),
    "enrolment.decline": _("Declined a nomination"),
    "enrolment.withdraw": _("Withdrew an enrolment"),
    "enrolment.no_show": _("Marked as no-show"),
    "enrolment.promote": _("Moved up from the waiting list"),
    "enrolment.scores_set": _("Entered scores"),
    # external learning
    "external.submit": _("Submitted external learning"),
    "external.approve": _("Approved external learning"),
    "external.reject": _("Rejected external learning"),
    # certificates
    "certificate.issue": _("Issued a certificate"),
    "certificate.revoke": _("Revoked a certificate"),
    "certificate.void_reopened": _("Withdrew a certificate (class reopened)"),
    "certificate.reinstate": _("Reinstated a certificate"),
    "certificate.batch_create": _("Issued certificates for a class"),
    "certificate.batch_failed": _("Certificate batch failed"),
    # analytics
    "impact.run_request": _("Asked for an impact estimate"),
    "monthly_report.subscribe": _("Subscribed to or left the monthly report"),
    # participation
    "participation.people": _("Viewed the people behind participation figures"),
    "certificate.settings_update": _("Changed the certificate settings"),
    # partners
    "partner.create": _("Added a partner"),
    "partner.update": _("Changed a partner"),
    "agreement.create": _("Added an agreement"),
    "agreement.update": _("Changed an agreement"),
    "agreement.terminate": _("Ended an agreement"),
    "instructor.create": _("Added an instructor"),
    "instructor.update": _("Changed an instructor"),
    # complaints
    "assessment.answer_grade": _("Graded an open test answer"),
    "assessment.bank_add": _("Added questions to a question bank"),
    "assessment.question_deactivate": _("Took a question out of the bank's draws"),
    "assessment.scores_import": _("Imported pre- and post-test scores"),
    "assessment.sitting_allow_retake": _("Allowed a test retake"),
    "assessment.sitting_expire": _("Closed a test sitting whose time was up"),
    "assessment.sitting_start": _("Started a test"),
    "assessment.sitting_submit": _("Submitted a test"),
    "assessment.test_open_set": _("Opened or closed a test"),
    "assessment.tests_create": _("Drew a class's pre-test and post-test"),
    "complaint.submit": _("A citizen filed a complaint"),
    "complaint.file": _("Filed a complaint on behalf of a citizen"),
    "complaint.import": _("Imported complaints from LAPOR!"),
    "complaint.view": _("Viewed a complaint"),
    "complaint.verify": _("Verified a complaint"),
    "complaint.postpone": _("Postponed a complaint"),
    "complaint.reject": _("Answered a complaint as not our authority"),
    "complaint.archive": _("Archived a complaint"),
    "complaint.dispose": _("Forwarded a complaint to a unit"),
    "complaint.follow_up": _("Recorded the follow-up of a complaint"),
    "complaint.reopen": _("Recorded the filer's reply to a complaint"),
    "complaint.close": _("Closed a complaint"),
    "complaint.note_add": _("Added a note to a complaint"),
    "complaint.escalate": _("Escalated an overdue complaint"),
    "complaint.settings_update": _("Changed the complaint time limits"),
    # transparency portal
    "portal.publication_update": _("Changed what the transparency portal publishes"),
}


def audit_action_label(code: str) -> str:
    """The action in the reader's language; a code without a label (a new one, caught by the test) reads
    as itself rather than breaking the page."""
    label = AUDIT_ACTIONS.get(code)
    return str(label) if label is not None else code
