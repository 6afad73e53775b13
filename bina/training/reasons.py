"""Training's reason codes (stored on `Enrolment.reason_code`), rendered by `bina.core.reasons.reason_render`.

Codes are stable API values: rename one only with a data migration of the rows that hold it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from bina.core.reasons import register_reason

ATTENDANCE_BELOW_MINIMUM = "attendance_below_minimum"  # params: pct, min (percent)
POST_TEST_MISSING = "post_test_missing"
POST_TEST_BELOW_MINIMUM = "post_test_below_minimum"  # params: score, min

register_reason(ATTENDANCE_BELOW_MINIMUM, _("attendance %(pct)s%% < %(min)s%%"), numbers=("pct", "min"))
register_reason(POST_TEST_MISSING, _("no post-test score"))
register_reason(POST_TEST_BELOW_MINIMUM, _("post-test %(score)s < %(min)s"), numbers=("score", "min"))
