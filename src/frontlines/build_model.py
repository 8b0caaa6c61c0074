"""Builds the default typing model (`frontlines build-model`, `make model`): the shipped
examples' embeddings and the trigger rules' readings of them, then a logistic regression.

About 890 examples; the rules' readings need the rules-only pipeline, which is why this sits
above the pipeline and is never run from inside it. The result is written to the cache under
a key of its inputs (events/typing_artefact.py), where Resources finds it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from .events.classifier import Example, TypingModel, builtin_examples, train
from .events.classify import rule_reading
from .events.embedding import SentenceEncoder
from .events.typing_artefact import TypingTraining, artefact_key, artefact_path, save_built
from .pipeline import Pipeline
from .resources import Resources, builtin_training
from .settings import Settings
from .stages import RULE_STAGES

log = logging.getLogger(__name__)

Progress = Callable[[Iterable], Iterable]


def typing_model_path(settings: Settings) -> Path:
    """Where this version's default model is (or goes); cheap: no model is loaded but the encoder."""
    return artefact_path(settings.cache_dir, artefact_key(SentenceEncoder().identity))


def ensure_typing_model(settings: Settings, progress: Progress = iter) -> TypingModel | None:
    """Build the default model if this version has none (and no user model is set); the model
    built, or None when there was nothing to do."""
    if settings.classifier is not None or typing_model_path(settings).exists():
        return None
    log.warning("the typing model of this version is not built yet: building it once (`frontlines build-model`)")
    training, _ = build_typing_model(Resources.build(settings, typing_model=False), progress)
    return training.model


def build_typing_model(resources: Resources, progress: Progress = iter) -> tuple[TypingTraining, Path]:
    """Train the default model from the package's examples and save it; `progress` wraps the
    examples' iteration (a progress bar)."""
    examples = builtin_examples()
    vectors, readings, gold = _features(resources, examples, progress)
    training = TypingTraining(vectors, readings, gold, train(vectors, readings, gold))
    key = artefact_key(resources.encoder.identity)
    path = save_built(resources.settings.cache_dir, key, training)
    log.info("typing model %s built from %d examples: %s", key, len(examples), path)
    return training, path


def train_with_user_examples(resources: Resources, examples: Sequence[Example]) -> TypingModel:
    """A model trained on the shipped examples (their built features) plus `examples`."""
    builtin = builtin_training(resources.settings, resources.encoder)
    vectors, readings, gold = _features(resources, examples, iter)
    return train(np.vstack([builtin.vectors, vectors]), builtin.readings + readings, builtin.gold + gold)


def _features(
    resources: Resources, examples: Sequence[Example], progress: Progress
) -> tuple[np.ndarray, list[str | None], list[str]]:
    """The examples' embeddings, the rules' readings of them, and their labels."""
    rules = Pipeline(resources, RULE_STAGES)
    texts = [e.text for e in examples]
    readings = [rule_reading(rules, text) for text in progress(texts)]
    return resources.encoder.encode(texts), readings, [e.sub_event_type for e in examples]
