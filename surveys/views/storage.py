"""Wizard storage kept in the attempt's SurveyDraft row rather than the session, so closing
the browser or changing device loses nothing."""

from __future__ import annotations

import copy
import json

from formtools.wizard.storage.base import BaseStorage

from surveys import services
from surveys.views.attempt import Attempt, remember_public_draft


class DraftStorage(BaseStorage):
    """Wizard storage kept in the attempt's SurveyDraft row, saved after every request
    that changed it. Nothing is written for a visitor who has not answered anything."""

    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.attempt: Attempt = request.survey_attempt
        draft = self.attempt.draft
        if draft is not None and draft.data:
            self.data = copy.deepcopy(draft.data)
            self.data.setdefault(self.extra_data_key, {})
        else:
            self.init_data()
        self._saved = json.dumps(self.data, sort_keys=True)

    def update_response(self, response):
        super().update_response(response)
        if self.attempt.submitted or self.attempt.lapsed:
            return
        state = json.dumps(self.data, sort_keys=True)
        moved = self.attempt.draft is not None and self.attempt.draft.version_id != self.attempt.version.pk
        if state == self._saved and not moved:
            return
        if self.attempt.draft is None and not self.data[self.step_data_key]:
            return
        creating = self.attempt.draft is None
        self.attempt.draft = services.draft_save(
            draft=self.attempt.draft,
            version=self.attempt.version,
            invitation=self.attempt.invitation,
            data=self.data,
        )
        if creating and self.attempt.invitation is None:
            remember_public_draft(self.request, response, self.attempt.group, str(self.attempt.draft.pk))
        self._saved = state
