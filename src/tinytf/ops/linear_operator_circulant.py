"""The FFT-diagonalized LinearOperators: Circulant, Circulant2D, Circulant3D (a [nested] block
circulant matrix given by its spectrum) and Toeplitz (embedded in a circulant), as TF 1.15's
linear_operator_circulant.py and linear_operator_toeplitz.py."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import array_ops, check_ops, math_ops, reduction_ops, spectral_ops
from tinytf.ops import linear_operator as lo
from tinytf.ops.layout_ops import broadcast_dynamic_shape, broadcast_static_shape
from tinytf.ops.sequence_ops import reverse

_FFT_OP = {1: spectral_ops.fft, 2: spectral_ops.fft2d, 3: spectral_ops.fft3d}
_IFFT_OP = {1: spectral_ops.ifft, 2: spectral_ops.ifft2d, 3: spectral_ops.ifft3d}


def _to_complex(x):
    if x.dtype.is_complex:
        return x
    return math_ops.cast(x, D.complex128 if x.dtype == D.float64 else D.complex64)


class _BaseLinearOperatorCirculant(lo.LinearOperator):
    """A [nested] block circulant operator: FFT, multiply by the spectrum, inverse FFT."""

    def __init__(
        self,
        spectrum,
        block_depth,
        input_output_dtype=D.complex64,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=True,
        name="LinearOperatorCirculant",
    ):
        allowed_block_depths = [1, 2, 3]
        self._name = name
        if block_depth not in allowed_block_depths:
            raise ValueError(
                f"Expected block_depth to be in {allowed_block_depths}.  Found: {block_depth}."
            )
        self._block_depth = block_depth
        with name_scope(name, values=[spectrum]):
            self._spectrum = self._check_spectrum_and_return_tensor(spectrum)
            if not self.spectrum.dtype.is_complex:
                if is_self_adjoint is False:
                    raise ValueError(
                        "A real spectrum always corresponds to a self-adjoint operator."
                    )
                is_self_adjoint = True
            if is_square is False:
                raise ValueError("A [[nested] block] circulant operator is always square.")
            s_shape = array_ops.shape(self.spectrum)
            self._block_shape_tensor = s_shape[-self.block_depth :]
            self._spectrum_complex = _to_complex(self.spectrum)
            self._abs_spectrum = math_ops.abs(self.spectrum)
            self._conj_spectrum = math_ops.conj(self._spectrum_complex)
            super().__init__(
                dtype=D.as_dtype(input_output_dtype),
                graph_parents=[self.spectrum],
                is_non_singular=is_non_singular,
                is_self_adjoint=is_self_adjoint,
                is_positive_definite=is_positive_definite,
                is_square=True,
                name=name,
            )

    def _check_spectrum_and_return_tensor(self, spectrum):
        spectrum = convert_to_tensor(spectrum, name="spectrum")
        if spectrum.shape.ndims is not None and spectrum.shape.ndims < self.block_depth:
            raise ValueError(
                f"Argument spectrum must have at least {self.block_depth} dimensions.  "
                f"Found: {spectrum}"
            )
        return spectrum

    @property
    def block_depth(self):
        """How many nested levels of blocks (1, 2 or 3)."""
        return self._block_depth

    def block_shape_tensor(self):
        """The block shape (the spectrum's last block_depth dims) as a Tensor."""
        return self._block_shape_tensor

    @property
    def block_shape(self):
        """The static block shape."""
        return self.spectrum.shape[-self.block_depth :]

    @property
    def spectrum(self):
        """The spectrum: the FFT of the convolution kernel."""
        return self._spectrum

    def _vectorize_then_blockify(self, matrix):
        vec = lo.rotate_transpose(matrix, shift=1)
        if vec.shape.is_fully_defined() and self.block_shape.is_fully_defined():
            final_shape = vec.shape[:-1].concatenate(self.block_shape)
        else:
            final_shape = array_ops.concat(
                (array_ops.shape(vec)[:-1], self.block_shape_tensor()), 0
            )
        return array_ops.reshape(vec, final_shape)

    def _unblockify_then_matricize(self, vec):
        depth = self.block_depth
        if vec.shape.is_fully_defined():
            vec_shape = vec.shape.as_list()
            flat_shape = vec_shape[:-depth] + [int(np.prod(vec_shape[-depth:]))]
        else:
            vec_shape = array_ops.shape(vec)
            size = reduction_ops.reduce_prod(vec_shape[-depth:])
            flat_shape = array_ops.concat((vec_shape[:-depth], [size]), 0)
        return lo.rotate_transpose(array_ops.reshape(vec, flat_shape), shift=-1)

    def _fft(self, x):
        return _FFT_OP[self.block_depth](_to_complex(x))

    def _ifft(self, x):
        return _IFFT_OP[self.block_depth](_to_complex(x))

    def convolution_kernel(self, name="convolution_kernel"):
        """The kernel h whose FFT is the spectrum, as the operator's dtype."""
        with self._name_scope(name):
            return math_ops.cast(self._ifft(self._spectrum_complex), self.dtype)

    def _shape(self):
        s_shape = self._spectrum.shape
        trailing = s_shape[-self.block_depth :]
        n = int(np.prod(trailing.as_list())) if trailing.is_fully_defined() else None
        return s_shape[: -self.block_depth].concatenate(TensorShape([n, n]))

    def _shape_tensor(self):
        s_shape = array_ops.shape(self._spectrum)
        n = reduction_ops.reduce_prod(s_shape[-self.block_depth :])
        return array_ops.concat((s_shape[: -self.block_depth], [n, n]), 0)

    def assert_hermitian_spectrum(self, name="assert_hermitian_spectrum"):
        """An op that fails at run time where the kernel is not real (to eps)."""
        eps = np.finfo(self.dtype.real_dtype.as_numpy_dtype).eps
        with self._name_scope(name):
            max_err = eps * self.domain_dimension_tensor()
            imag_kernel = math_ops.imag(self.convolution_kernel())
            return check_ops.assert_less(
                math_ops.abs(imag_kernel), max_err, message="Spectrum was not Hermitian"
            )

    def _assert_non_singular(self):
        return lo.assert_no_entries_with_modulus_zero(
            self.spectrum, message="Singular operator:  Spectrum contained zero values."
        )

    def _assert_positive_definite(self):
        return check_ops.assert_positive(
            math_ops.real(self.spectrum),
            message="Not positive definite:  Real part of spectrum was not all positive.",
        )

    def _assert_self_adjoint(self):
        return lo.assert_zero_imag_part(
            self.spectrum,
            message="Not self-adjoint:  The spectrum contained non-zero imaginary part.",
        )

    def _broadcast_batch_dims(self, x, spectrum):
        spec_mat = array_ops.reshape(
            spectrum, array_ops.concat((self.batch_shape_tensor(), [-1, 1]), axis=0)
        )
        x, spec_mat = lo.broadcast_matrix_batch_dims((x, spec_mat))
        batch_shape = array_ops.shape(x)[:-2]
        spectrum = array_ops.reshape(
            spec_mat, array_ops.concat((batch_shape, self.block_shape_tensor()), axis=0)
        )
        return x, spectrum

    def _apply_spectrum(self, x, adjoint, adjoint_arg, combine, cast_first):
        x = lo.adjoint_matrix(x) if adjoint_arg else x
        spectrum = self._conj_spectrum if adjoint else self._spectrum_complex
        if cast_first:  # as TF: matmul casts x to the spectrum's dtype, solve does not
            x = math_ops.cast(x, spectrum.dtype)
        x, spectrum = self._broadcast_batch_dims(x, spectrum)
        fft_x_vb = self._fft(self._vectorize_then_blockify(x))
        y = self._unblockify_then_matricize(self._ifft(combine(fft_x_vb, spectrum)))
        y = math_ops.cast(y, self.dtype)
        if x.shape.ndims is not None:
            # TF's shape inference follows x's dims through the reshapes; tinytf's loses
            # them, and the product of a square operator keeps x's shape.
            y.set_shape(x.shape[:-2].concatenate([self.domain_dimension, None]))
            y.set_shape(x.shape)
        return y

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._apply_spectrum(x, adjoint, adjoint_arg, lambda f, s: s * f, True)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._apply_spectrum(rhs, adjoint, adjoint_arg, lambda f, s: f / s, False)

    def _determinant(self):
        axis = [-(i + 1) for i in range(self.block_depth)]
        return math_ops.cast(reduction_ops.reduce_prod(self.spectrum, axis=axis), self.dtype)

    def _log_abs_determinant(self):
        axis = [-(i + 1) for i in range(self.block_depth)]
        lad = reduction_ops.reduce_sum(math_ops.log(self._abs_spectrum), axis=axis)
        return math_ops.cast(lad, self.dtype)

    def _diag_part(self):
        if self.shape.is_fully_defined():
            diag_shape, diag_size = self.shape[:-1], self.domain_dimension.value
        else:
            diag_shape, diag_size = self.shape_tensor()[:-1], self.domain_dimension_tensor()
        ones_diag = array_ops.ones(diag_shape, dtype=self.dtype)
        diag_value = self.trace() / math_ops.cast(diag_size, self.dtype)
        return diag_value[..., None] * ones_diag

    def _trace(self):
        if self.spectrum.shape.is_fully_defined():
            spec_rank = self.spectrum.shape.ndims
            axis = np.arange(spec_rank - self.block_depth, spec_rank, dtype=np.int32)
        else:
            spec_rank = array_ops.rank(self.spectrum)
            axis = math_ops.range(spec_rank - self.block_depth, spec_rank)
        re_d_value = reduction_ops.reduce_sum(math_ops.real(self.spectrum), axis=axis)
        if not self.dtype.is_complex:
            return math_ops.cast(re_d_value, self.dtype)
        if self.is_self_adjoint:
            im_d_value = array_ops.zeros_like(re_d_value)
        else:
            im_d_value = reduction_ops.reduce_sum(math_ops.imag(self.spectrum), axis=axis)
        return math_ops.cast(math_ops.complex(re_d_value, im_d_value), self.dtype)


def _circulant_class(depth, doc):
    default_name = "LinearOperatorCirculant" + ("" if depth == 1 else f"{depth}D")

    def __init__(
        self,
        spectrum,
        input_output_dtype=D.complex64,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=True,
        name=default_name,
    ):
        _BaseLinearOperatorCirculant.__init__(
            self,
            spectrum,
            block_depth=depth,
            input_output_dtype=input_output_dtype,
            is_non_singular=is_non_singular,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=is_positive_definite,
            is_square=is_square,
            name=name,
        )

    cls = type(
        default_name, (_BaseLinearOperatorCirculant,), {"__init__": __init__, "__doc__": doc}
    )
    cls.__module__ = __name__
    return cls


LinearOperatorCirculant = _circulant_class(1, "A [batch] circulant matrix given by its spectrum.")
LinearOperatorCirculant2D = _circulant_class(2, "A [batch] block circulant matrix of circulants.")
LinearOperatorCirculant3D = _circulant_class(3, "A [batch] doubly nested block circulant matrix.")


class LinearOperatorToeplitz(lo.LinearOperator):
    """A [batch] Toeplitz matrix given by its first column and row."""

    def __init__(
        self,
        col,
        row,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name="LinearOperatorToeplitz",
    ):
        with name_scope(name, values=[row, col]):
            self._row = convert_to_tensor(row, name="row")
            self._col = convert_to_tensor(col, name="col")
            self._check_row_col(self._row, self._col)
            circulant_col = array_ops.concat(
                [
                    self._col,
                    array_ops.zeros_like(self._col[..., 0:1]),
                    reverse(self._row[..., 1:], axis=[-1]),
                ],
                axis=-1,
            )
            self._circulant = LinearOperatorCirculant(
                spectral_ops.fft(_to_complex(circulant_col)), input_output_dtype=self._row.dtype
            )
            if is_square is False:
                raise ValueError("Only square Toeplitz operators currently supported.")
            super().__init__(
                dtype=self._row.dtype,
                graph_parents=[self._row, self._col],
                is_non_singular=is_non_singular,
                is_self_adjoint=is_self_adjoint,
                is_positive_definite=is_positive_definite,
                is_square=True,
                name=name,
            )

    def _check_row_col(self, row, col):
        for name, tensor in [["row", row], ["col", col]]:
            if tensor.shape.ndims is not None and tensor.shape.ndims < 1:
                raise ValueError(
                    f"Argument {name} must have at least 1 dimension.  Found: {tensor}"
                )
        if row.shape[-1] is not None and col.shape[-1] is not None:
            if row.shape[-1] != col.shape[-1]:
                raise ValueError(
                    "Expected square matrix, got row and col with mismatched dimensions."
                )

    def _shape(self):
        v_shape = broadcast_static_shape(self.row.shape, self.col.shape)
        return v_shape.concatenate(v_shape[-1:])

    def _shape_tensor(self):
        v_shape = broadcast_dynamic_shape(array_ops.shape(self.row), array_ops.shape(self.col))
        return array_ops.concat((v_shape, [v_shape[-1]]), 0)

    def _assert_self_adjoint(self):
        return check_ops.assert_equal(
            self.row,
            self.col,
            message="row and col are not the same, and so this operator is not self-adjoint.",
        )

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = lo.adjoint_matrix(x) if adjoint_arg else x
        expanded_x = array_ops.concat([x, array_ops.zeros_like(x)], axis=-2)
        result = self._circulant.matmul(expanded_x, adjoint=adjoint, adjoint_arg=False)
        return math_ops.cast(result[..., : self.domain_dimension_tensor(), :], self.dtype)

    def _trace(self):
        return math_ops.cast(self.domain_dimension_tensor(), dtype=self.dtype) * self.col[..., 0]

    def _diag_part(self):
        diag_entry = self.col[..., 0:1]
        return diag_entry * array_ops.ones([self.domain_dimension_tensor()], self.dtype)

    col = property(lambda self: self._col, doc="The first column.")
    row = property(lambda self: self._row, doc="The first row.")
