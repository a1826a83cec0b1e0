"""Helpers for the tests, imported by them: no test and no fixture lives here.

- `factories`: users, criteria sets, periods, assessments, appraisals, documents and files;
- `samples`: criteria and answers as plain data (no Django: the engine's tests use them too);
- `html`: reading a rendered page (tables);
- `evidence`: the addresses and posts of an item's evidence block;
- `browser`: logging in and screenshots in Playwright journeys.

Fixtures live in the `conftest.py` nearest the tests that use them.
"""
