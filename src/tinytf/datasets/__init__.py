"""Datasets the TF tutorials use."""
