"""Signals: types, their dataloaders and the Query fields."""
