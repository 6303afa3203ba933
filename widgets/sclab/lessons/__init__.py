"""The model behind every widget: plain functions and dataclasses (no ipywidgets, no plotly),
teaching text as data."""
