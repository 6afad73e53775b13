"""Complaints (SP4N-LAPOR!, Perpres 76/2013): intake, the handling workflow with due dates, figures."""
