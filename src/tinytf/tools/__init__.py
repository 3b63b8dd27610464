"""TF 1.x's command-line tools (tensorflow/python/tools): freeze_graph, inspect_checkpoint."""
