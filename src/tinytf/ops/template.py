"""tf.make_template: a function whose tf.get_variable calls create variables on the first
call and share them on every later one (TF 1.15's Template, graph mode)."""

from tinytf.framework.graph import GraphKeys, get_collection, get_default_graph
from tinytf.ops.variable_scope import variable_scope


class Template:
    """A function wrapped so that its variables are made once, in one variable scope."""

    def __init__(self, name, func, create_scope_now=False, unique_name=None,
                 custom_getter=None):
        if name is None:
            raise ValueError("name cannot be None.")
        self._func, self._name, self._unique_name = func, name, unique_name
        self._custom_getter = custom_getter
        self._variable_scope = None
        if create_scope_now:
            with variable_scope(unique_name, name, custom_getter=custom_getter,
                                auxiliary_name_scope=False) as vs:
                self._variable_scope = vs
        self._variables_created = False

    def _call_func(self, args, kwargs):
        if not self._variables_created:
            result = self._func(*args, **kwargs)
            self._variables_created = True
            return result
        trainable_at_start = len(get_collection(GraphKeys.TRAINABLE_VARIABLES))
        result = self._func(*args, **kwargs)
        trainable = get_collection(GraphKeys.TRAINABLE_VARIABLES)
        if trainable_at_start != len(trainable):
            raise ValueError(
                "Trainable variable created when calling a template after the first time, "
                "perhaps you used tf.Variable when you meant tf.get_variable: "
                f"{trainable[trainable_at_start:]}"
            )
        return result

    def __call__(self, *args, **kwargs):
        if self._variable_scope:
            # TF re-enters the scope under a fresh name scope made unique from its name
            vs = self._variable_scope
            with variable_scope(vs, reuse=self._variables_created, auxiliary_name_scope=False):
                with get_default_graph().name_scope(vs.name):
                    return self._call_func(args, kwargs)
        with variable_scope(self._unique_name, self._name,
                            custom_getter=self._custom_getter) as vs:
            self._variable_scope = vs
            return self._call_func(args, kwargs)

    name = property(lambda self: self._name, doc="The name given to this Template.")
    func = property(lambda self: self._func, doc="The function this Template wraps.")
    variable_scope = property(lambda self: self._variable_scope,
                              doc="The variable scope of this Template, once created.")

    @property
    def variable_scope_name(self):
        """The name of the Template's variable scope, with a trailing '/'."""
        if self._variable_scope:
            name = self._variable_scope.name
            return name if not name or name[-1] == "/" else name + "/"
        return None

    def _collection(self, key):
        if not self._variables_created:
            return []
        return get_collection(key, self.variable_scope_name)

    @property
    def global_variables(self):
        """The global variables the Template created."""
        return self._collection(GraphKeys.GLOBAL_VARIABLES)

    @property
    def local_variables(self):
        """The local variables the Template created."""
        return self._collection(GraphKeys.LOCAL_VARIABLES)

    @property
    def trainable_variables(self):
        """The trainable variables the Template created."""
        return self._collection(GraphKeys.TRAINABLE_VARIABLES)

    @property
    def non_trainable_variables(self):
        """The Template's global variables that are not trainable."""
        trainable = self.trainable_variables
        return [v for v in self.global_variables if v not in trainable]

    @property
    def variables(self):
        """The global and local variables the Template created."""
        return self.global_variables + self.local_variables

    weights = variables
    trainable_weights = trainable_variables
    non_trainable_weights = non_trainable_variables


def make_template(name_, func_, create_scope_now_=False, unique_name_=None,
                  custom_getter_=None, **kwargs):
    """A Template of func_ (kwargs bound): variables made on the first call, shared after."""
    if kwargs:
        import functools

        func_ = functools.partial(func_, **kwargs)
    return Template(name_, func_, create_scope_now=create_scope_now_,
                    unique_name=unique_name_, custom_getter=custom_getter_)
