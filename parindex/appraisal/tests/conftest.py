"""The appraisal's own fixtures; the appraisal in progress they build on is in parindex/conftest.py
(the results' tests use it too)."""

import pytest


@pytest.fixture
def appraiser_client(client, appraiser, team):
    client.force_login(appraiser)
    return client
