"""SKM, Survei Kepuasan Masyarakat (PermenPANRB 14/2017): the instrument, the index, collection and results.

Built on the generic survey engine (`bina.surveys`); the rules of the regulation live here only
(`bina.skm.index`, `bina.skm.elements`). docs/skm.md explains the journey.
"""
