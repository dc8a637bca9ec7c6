"""The named hooks through which the apps above follow what surveys store.

Surveys sit below feedback and never import it: what feedback does when answers arrive, it
registers here with Wagtail's hook registry, in its own wagtail_hooks.py.
"""

# fn(response) once a response and its answers are stored, inside the same transaction:
# feedback marks that day's figures for a refresh.
RESPONSE_STORED = "response_stored"
# fn(response_id) after the transaction that stored a response the follow-up rules apply to
# has committed: feedback queues the rules. It must not raise or wait on a broker that is
# down (the answers are stored, and the catch-up sweep runs the rules the queue missed).
RESPONSE_FOLLOWUPS_DUE = "response_followups_due"
