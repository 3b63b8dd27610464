"""tf.train.ClusterSpec: the jobs of a cluster and their tasks' addresses, as a dict or as a
ClusterDef proto. (tf.train.Server, which runs a gRPC server, is not in tinytf.)

    cluster = tf.train.ClusterSpec({"ps": ["ps0:2222"], "worker": ["w0:2222", "w1:2222"]})
"""

from tinytf.platform import protos


def _check_bytes_or_text(value, what):
    if not isinstance(value, (bytes, str)):
        raise TypeError(f"{what} {value!r} must be bytes or unicode")


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


class ClusterSpec:
    """The cluster as {job name: [address, ...] or {task index: address}}."""

    def __init__(self, cluster):
        self._cluster_def = None
        if isinstance(cluster, dict):
            self._cluster_spec = {}
            for job_name, tasks in cluster.items():
                if isinstance(tasks, (list, tuple)):
                    job_tasks = dict(enumerate(tasks))
                elif isinstance(tasks, dict):
                    job_tasks = dict(tasks.items())
                else:
                    raise TypeError(
                        f"The tasks for job {job_name!r} must be a list or a dictionary from "
                        "integers to strings."
                    )
                self._cluster_spec[job_name] = job_tasks
            for job_name, tasks in self._cluster_spec.items():
                _check_bytes_or_text(job_name, "Job name")
                for address in tasks.values():
                    _check_bytes_or_text(address, "Task address")
        elif isinstance(cluster, ClusterSpec):
            self._cluster_spec = _from_cluster_def(cluster.as_cluster_def())
        elif _is_cluster_def(cluster):
            self._cluster_def = cluster
            self._cluster_spec = _from_cluster_def(cluster)
        else:
            raise TypeError(
                "`cluster` must be a dictionary mapping one or more job names to lists of "
                "network addresses, or a `ClusterDef` protocol buffer"
            )

    def __bool__(self):
        return bool(self._cluster_spec)

    def __eq__(self, other):
        return self._cluster_spec == other

    def __ne__(self, other):
        return self._cluster_spec != other

    __hash__ = None

    def __str__(self):
        jobs = self.as_dict()
        items = [repr(k) + ": " + repr(jobs[k]) for k in sorted(jobs)]
        return "ClusterSpec({" + ", ".join(items) + "})"

    def as_dict(self):
        """{job: [addresses]}, or {job: {index: address}} where the indices have gaps."""
        out = {}
        for job in self.jobs:
            indices = self.task_indices(job)
            if not indices:
                out[job] = {}
            elif max(indices) + 1 == len(indices):
                out[job] = self.job_tasks(job)
            else:
                out[job] = {i: self.task_address(job, i) for i in indices}
        return out

    def as_cluster_def(self):
        """The cluster as a tf.train.ClusterDef proto (jobs and tasks sorted)."""
        if self._cluster_def is None:
            cluster_def = protos.proto_module("cluster_pb2").ClusterDef()
            for job_name, tasks in sorted(self._cluster_spec.items()):
                job_def = cluster_def.job.add()
                job_def.name = _text(job_name)
                for i, address in sorted(tasks.items()):
                    job_def.tasks[i] = _text(address)
            self._cluster_def = cluster_def
        return self._cluster_def

    @property
    def jobs(self):
        """The job names."""
        return list(self._cluster_spec.keys())

    def _job(self, job_name):
        try:
            return self._cluster_spec[job_name]
        except KeyError:
            raise ValueError(f"No such job in cluster: {job_name!r}") from None

    def num_tasks(self, job_name):
        """The number of tasks of the job."""
        return len(self._job(job_name))

    def task_indices(self, job_name):
        """The job's task indices, sorted."""
        return sorted(self._job(job_name).keys())

    def task_address(self, job_name, task_index):
        """The address of one task of the job."""
        job = self._job(job_name)
        try:
            return job[task_index]
        except KeyError:
            raise ValueError(f"No task with index {task_index!r} in job {job_name!r}") from None

    def job_tasks(self, job_name):
        """The job's addresses by task index (None where an index has no task)."""
        job = self._job(job_name)
        out = [None] * (max(job.keys()) + 1)
        for i, address in job.items():
            out[i] = address
        return out


def _is_cluster_def(value):
    return type(value).__name__ == "ClusterDef" and hasattr(value, "job")


def _from_cluster_def(cluster_def):
    return {job.name: dict(job.tasks.items()) for job in cluster_def.job}
