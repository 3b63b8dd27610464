# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint venv bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# the demo needs tinytf and its fast kernels only; the tests, every extra (a superset)
$(VENV)/.demo: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[onednn]'
	touch $@

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(VENV)/.demo $@

venv: $(VENV)/.installed

DATA_DIR ?= data_dir

demo: $(VENV)/.demo
	$(BIN)/python examples/lecture_basics.py
	$(BIN)/python examples/softmax_mnist.py --data-dir $(DATA_DIR)
	$(BIN)/python examples/cnn_mnist.py --data-dir $(DATA_DIR) --steps 2000
	$(BIN)/python examples/estimator_mnist.py --data-dir $(DATA_DIR) --steps 2000

lint: venv
	$(BIN)/ruff check src tests tools benchmarks examples
	$(BIN)/python tools/sz.py

test: lint
	$(BIN)/python -m pytest
	# the same kernels' tests again on the NumPy path (the oneDNN extra's reference)
	TINYTF_BACKEND=numpy $(BIN)/python -m pytest tests/ops tests/layers tests/test_labs.py \
		tests/test_lecture.py tests/estimator

bench: venv
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(BIN)/python benchmarks/overhead.py
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(BIN)/python benchmarks/training.py
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(BIN)/python benchmarks/conv_kernels.py
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(BIN)/python benchmarks/checkpoint.py
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(BIN)/python benchmarks/embedding.py
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(BIN)/python benchmarks/loops.py
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(BIN)/python benchmarks/input_pipeline.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache
