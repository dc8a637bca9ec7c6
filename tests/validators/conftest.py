# The validators check what the survey fixtures export: those fixtures, shared.
from tests.surveys.conftest import snapshot, survey  # noqa: F401 - shared fixtures
