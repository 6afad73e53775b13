"""A generic survey engine: instruments with versioned questions, campaigns, responses, one answer per row.

It knows no survey's rules: SKM (`bina.skm`) is its first instrument, the training evaluation's reaction
survey the next. See `bina.surveys.models`.
"""
