"""learned_typing: the typing model drops sure non-events and picks among sub-types (events/classify.py)."""

from __future__ import annotations

from ..events.classify import apply_learned_typing
from ..page import Page
from ..resources import Resources


class LearnedTyping:
    name = "learned_typing"

    def __init__(self, resources: Resources):
        if resources.typing_model is None:
            raise ValueError("the learned_typing stage needs resources with a typing model")
        self.model, self.encoder = resources.typing_model, resources.encoder

    def __call__(self, page: Page) -> None:
        page.events = apply_learned_typing(self.model, self.encoder, page.events)
