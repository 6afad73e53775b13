"""Events of the platform that apps react to without core knowing them."""

from django.dispatch import Signal

# Sent inside pemda_create's transaction with `pemda=`: receivers add what every new Pemda starts
# with (the competency dictionary, ...); an exception refuses the whole creation.
pemda_created = Signal()
