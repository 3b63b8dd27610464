"""Execution: plans compiled from (fetches, feeds, targets) and the backends that run kernels."""
