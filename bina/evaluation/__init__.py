"""Evaluation of training (Kirkpatrick levels 1 and 3), testimonies and the class evaluation report (issue 12)."""
