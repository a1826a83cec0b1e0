"""The sociological survey's points (điều tra xã hội học) of a period: the Excel template the
province fills in (`template`), its reading (`reading`) and its import (`importing`), which
replaces the previous one as the source of every survey leaf.

A row gives the facts its leaf's rule asks for (points, or numerator and denominator); the engine
checks them and gives the points, exactly as for the unit's and the appraisers' entries.
"""
