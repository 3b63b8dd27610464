"""tf.contrib.learn.preprocessing's text processors: documents -> fixed-length id arrays, by
word (VocabularyProcessor, TF's tokenizer regex) or by byte (ByteProcessor)."""

import pickle
import re

import numpy as np

from tinytf.contrib.learn.preprocessing.categorical_vocabulary import CategoricalVocabulary

TOKENIZER_RE = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z][a-z]+(?=[A-Z])|[\'\w\-]+", re.UNICODE)


def tokenizer(iterator):
    """Each document's tokens (TOKENIZER_RE)."""
    for value in iterator:
        yield TOKENIZER_RE.findall(value)


class ByteProcessor:
    """Documents -> their UTF-8 bytes, cut or zero-padded to max_document_length."""

    def __init__(self, max_document_length):
        self.max_document_length = max_document_length

    def fit(self, x):
        """Nothing to learn."""

    def fit_transform(self, x):
        """transform(x)."""
        return self.transform(x)

    def reverse(self, x):
        """Byte arrays -> documents (trailing zeros dropped; '' if not UTF-8)."""
        for data in x:
            document = np.trim_zeros(data.astype(np.int8), trim="b").tobytes()
            try:
                yield document.decode("utf-8")
            except UnicodeDecodeError:
                yield ""

    def transform(self, x):
        """Documents -> uint8 arrays of max_document_length."""
        for document in x:
            if isinstance(document, str):
                document = document.encode("utf-8")
            buff = np.frombuffer(memoryview(document)[: self.max_document_length], dtype=np.uint8)
            yield np.pad(buff, (0, self.max_document_length - len(buff)), "constant")


class VocabularyProcessor:
    """Documents -> int64 arrays of max_document_length word ids (0: unknown or padding).

    >>> vocab = VocabularyProcessor(10)
    >>> x = np.array(list(vocab.fit_transform(["a b c", "b c"])))
    """

    def __init__(self, max_document_length, min_frequency=0, vocabulary=None,
                 tokenizer_fn=None):
        self.max_document_length = max_document_length
        self.min_frequency = min_frequency
        self.vocabulary_ = vocabulary if vocabulary else CategoricalVocabulary()
        self._tokenizer = tokenizer_fn if tokenizer_fn else tokenizer

    def fit(self, raw_documents, unused_y=None):
        """Learns the vocabulary (words seen more than min_frequency times); returns self."""
        for tokens in self._tokenizer(raw_documents):
            for token in tokens:
                self.vocabulary_.add(token)
        if self.min_frequency > 0:
            self.vocabulary_.trim(self.min_frequency)
        self.vocabulary_.freeze()
        return self

    def fit_transform(self, raw_documents, unused_y=None):
        """fit, then transform."""
        self.fit(raw_documents)
        return self.transform(raw_documents)

    def transform(self, raw_documents):
        """Each document's word ids (a generator of int64 arrays)."""
        for tokens in self._tokenizer(raw_documents):
            word_ids = np.zeros(self.max_document_length, np.int64)
            for idx, token in enumerate(tokens):
                if idx >= self.max_document_length:
                    break
                word_ids[idx] = self.vocabulary_.get(token)
            yield word_ids

    def reverse(self, documents):
        """Id arrays -> space-joined words (a generator)."""
        for item in documents:
            yield " ".join(self.vocabulary_.reverse(class_id) for class_id in item)

    def save(self, filename):
        """Pickles the processor to `filename` (written whole or not at all)."""
        from tinytf.platform.fileio import atomic_write

        atomic_write(filename, pickle.dumps(self))

    @classmethod
    def restore(cls, filename):
        """The processor pickled in `filename`."""
        with open(filename, "rb") as f:
            return pickle.loads(f.read())
