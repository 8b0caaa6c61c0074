"""The stages a page goes through, in order: the pipeline is this list.

Each stage is a class in a module of its own here: built once from the process's Resources,
then called on one Page at a time, reading what earlier stages filled in and filling in its
own part (see page.py). Adding a stage is one module and one line below. Storing and merging
come after, at the edge (ingest.py, store/, merge/).
"""

from __future__ import annotations

from .annotate import Annotate
from .attribute import Attribute
from .build import Build
from .dates import Dates
from .extract import Extract
from .fatalities import Fatalities
from .geocode import Geocode
from .learned_typing import LearnedTyping
from .segment import Segment

STAGES = (Segment, Annotate, Extract, Geocode, Dates, Fatalities, Attribute, Build, LearnedTyping)
# What the trigger rules alone make of a text: the learned typing model is trained on it.
RULE_STAGES = tuple(stage for stage in STAGES if stage is not LearnedTyping)
