"""Writes of the training domain, one module per part of the workflow:

- `catalogue`: programmes and courses (and their competency targets)
- `classes`: classes, sessions, quotas, lifecycle, clash checks
- `enrolment`: self-registration, nomination, assignment, approval, waitlist, withdrawal, no-shows
- `attendance`: QR check-in and instructor marking, attendance %
- `completion`: completion rules and JP credit
- `external`: external learning claims and their review
"""
