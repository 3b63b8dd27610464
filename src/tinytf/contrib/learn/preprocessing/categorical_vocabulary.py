"""tf.contrib.learn.preprocessing.CategoricalVocabulary: categories -> ids (0: unknown), with
frequencies, trimming by frequency and the reverse mapping."""

import collections


class CategoricalVocabulary:
    """Ids for categories in order of first sight (0 is `unknown_token`); frozen, unknown
    categories get 0."""

    def __init__(self, unknown_token="<UNK>", support_reverse=True):
        self._unknown_token = unknown_token
        self._mapping = {unknown_token: 0}
        self._support_reverse = support_reverse
        if support_reverse:
            self._reverse_mapping = [unknown_token]
        self._freq = collections.defaultdict(int)
        self._freeze = False

    def __len__(self):
        return len(self._mapping)

    def freeze(self, freeze=True):
        """Stops (or resumes) adding unseen categories."""
        self._freeze = freeze

    def get(self, category):
        """The id of `category`, added if unseen and not frozen (else 0)."""
        if category not in self._mapping:
            if self._freeze:
                return 0
            self._mapping[category] = len(self._mapping)
            if self._support_reverse:
                self._reverse_mapping.append(category)
        return self._mapping[category]

    def add(self, category, count=1):
        """Counts `count` sightings of `category` (adding it if unseen)."""
        if self.get(category) <= 0:
            return
        self._freq[category] += count

    def trim(self, min_frequency, max_frequency=-1):
        """Keeps the categories seen more than min_frequency (and fewer than max_frequency)
        times, renumbered by decreasing frequency (ties: by category)."""
        self._freq = sorted(
            sorted(self._freq.items(), key=lambda x: (isinstance(x[0], str), x[0])),
            key=lambda x: x[1],
            reverse=True,
        )
        self._mapping = {self._unknown_token: 0}
        if self._support_reverse:
            self._reverse_mapping = [self._unknown_token]
        idx = 1
        for category, count in self._freq:
            if max_frequency > 0 and count >= max_frequency:
                continue
            if count <= min_frequency:
                break
            self._mapping[category] = idx
            idx += 1
            if self._support_reverse:
                self._reverse_mapping.append(category)
        self._freq = dict(self._freq[: idx - 1])

    def reverse(self, class_id):
        """The category of id `class_id`."""
        if not self._support_reverse:
            raise ValueError(
                "This vocabulary wasn't initialized with support_reverse to support reverse() "
                "function."
            )
        return self._reverse_mapping[class_id]
