import tensorflow as tf

F = tf.flags
print(repr(F.text_wrap("one two three four five six seven", length=12, indent="  ")))
print(repr(F.doc_to_help("  Line one.\n\n    Line two\n    continues.\n")))
print(F.get_help_width())
print(list(F.flag_dict_to_args({"a": "v", "x": True, "y": False, "n": None, "l": [1, 2]})))
print(list(F.flag_dict_to_args({"m": ["p", "q"]}, multi_flags={"m"})))

fv = F.FlagValues()
h = F.DEFINE_integer("count", 2, "Count.", flag_values=fv)
s = F.DEFINE_string("who", "me", "Who.", flag_values=fv)
print(type(h).__name__, h.name, h.default)
try:
    print(h.value)
except F.UnparsedFlagAccessError as e:
    print("UnparsedFlagAccessError", e)
print(fv(["prog", "--count=5", "rest"]))
print(h.value, fv.count, fv["count"].present, s.value)
F.set_default(h, 9)
print(fv["count"].default, h.value)
print(F.override_value(s, "you"), s.value, fv.flag_values_dict())
try:
    fv(["prog", "--count=x"])
except F.IllegalFlagValueError as e:
    print("IllegalFlagValueError", e)
try:
    fv(["prog", "--nope"])
except F.UnrecognizedFlagError as e:
    print("UnrecognizedFlagError", e, e.flagname, repr(e.flagvalue))
print(fv(["prog", "--nope", "--count=4"], known_only=True), fv.count)
print(fv.get_flag_value("count", None), fv.get_flag_value("absent", "dflt"))
fv.unparse_flags()
print(fv.is_parsed())
print(
    F.IntegerParser(0, 10).parse("7"), F.FloatParser().parse("2.5"), F.BooleanParser().parse("no")
)
print(F.ListParser().parse("a,b"), F.WhitespaceSeparatedListParser().parse("a b  c"))
print(F.CsvListSerializer(",").serialize(["a", "b"]), F.ListSerializer("|").serialize(["a", "b"]))
print(F.EnumParser(["a", "b"]).parse("b"))
try:
    F.EnumParser(["a", "b"]).parse("c")
except ValueError as e:
    print("ValueError", e)
print(fv.module_help(__name__) == "", sorted(fv.flags_by_module_dict()))
print(
    F.DEFINE_string.__name__,
    F.DEFINE_string._tf_decorator.decorator_name,
    F.DEFINE_bool is F.DEFINE_boolean,
)
