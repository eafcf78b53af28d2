"""Batch build: papermill execution of (notebook x region) jobs and the static HTML site.

This package executes and exports notebooks; it never imports an analysis module.
"""
