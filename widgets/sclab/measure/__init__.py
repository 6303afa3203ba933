"""Instruments to scores: instrument models and loading, wording overlay, item columns, scoring,
survey exports, psychometrics."""
