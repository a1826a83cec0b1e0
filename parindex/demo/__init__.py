"""The Điện Biên demonstration data, loaded by `manage.py load_demo`: the top floor of the house,
built with the functions every other app offers its users; production code never imports it.

The real unit levels and units of the province from the reference files (`data/`, a copy of the
shared reference data with its sources), the three illustrative criteria sets through the importer
users use, accounts for every role (`accounts`), and the 2025 round in its appraisal
(`round`, `self_assessment`). Everything goes through the application's functions, so it is
checked and audited as a user's work would be. Loading twice changes nothing.
"""
