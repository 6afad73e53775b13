"""Django loads the training app's models from here; each sub-package defines its own."""

import bina.training.attendance.models
import bina.training.catalogue.models
import bina.training.classes.models
import bina.training.external.models
import bina.training.learning.models  # noqa: F401
