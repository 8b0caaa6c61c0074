"""Everything the stages need that is costly to make, built once per process and handed down:
spaCy's two passes, the trigger pre-filter, the date and number recognizers, the gazetteer and
geocoder, the sentence encoder and the typing model.

`Resources.build(settings)` takes 5-10 s (spaCy and the recognizers dominate); a process
builds it once, a worker process once, a test session once.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass

from spacy.language import Language

from .annotate import load_nlp, load_splitter
from .dates import DateReader
from .events.classifier import TypingModel
from .events.embedding import SentenceEncoder
from .events.fatalities import FatalityCounter
from .events.triggers import TriggerPrefilter
from .events.typing_artefact import TypingTraining, artefact_key, load_built
from .places import Gazetteer, Geocoder
from .settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Resources:
    settings: Settings
    nlp: Language  # the full parse: dependencies, entities, lemmas
    splitter: Language  # the light pass: tags and sentences
    prefilter: TriggerPrefilter
    dates: DateReader
    fatalities: FatalityCounter
    geocoder: Geocoder
    encoder: SentenceEncoder
    # None only while the typing model itself is being built from the rules' readings.
    typing_model: TypingModel | None

    @classmethod
    def build(cls, settings: Settings, *, typing_model: bool = True) -> Resources:
        """All resources; with `typing_model`, the user's model (setting `classifier`) or the
        built default one, raising TypingModelMissing when that is not built yet."""
        started = time.perf_counter()
        nlp, splitter = load_nlp(), load_splitter()
        encoder = SentenceEncoder()
        model = None
        if typing_model:
            # Looked up first: a missing model fails before the slower loading below.
            model = load_typing_model(settings, encoder)
        resources = cls(
            settings=settings,
            nlp=nlp,
            splitter=splitter,
            prefilter=TriggerPrefilter(splitter),
            dates=DateReader(nlp),
            fatalities=FatalityCounter(nlp),
            geocoder=Geocoder(Gazetteer(user_dumps=settings.geonames, cache_dir=settings.cache_dir)),
            encoder=encoder,
            typing_model=model,
        )
        log.info("resources built in %.1f s", time.perf_counter() - started)
        return resources

    def with_typing_model(self, model: TypingModel) -> Resources:
        return dataclasses.replace(self, typing_model=model)


def load_typing_model(settings: Settings, encoder: SentenceEncoder) -> TypingModel:
    if settings.classifier is not None:
        return TypingModel.load(settings.classifier)
    return builtin_training(settings, encoder).model


def builtin_training(settings: Settings, encoder: SentenceEncoder) -> TypingTraining:
    """The built default model and the features it was trained on."""
    return load_built(settings.cache_dir, artefact_key(encoder.identity))
