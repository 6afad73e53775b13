"""Reads of the training domain (already scoped through `bina.training.access`), one module per page family."""
