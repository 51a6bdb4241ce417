"""The C JSON layer seen from Python: exact integers, shortest floats, float32
vectors from buffers, limits and UTF-8 errors with byte offsets."""

import array
import json
import math
import re

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from qedge import QdrantError, ValidationError, _qedge

U64_MAX = 2**64 - 1
I64_MIN = -(2**63)

dumps = _qedge.json_dumps
loads = _qedge.json_loads


def same(a, b):
    """Equal, with the same types all the way down (1 is not 1.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return a == b


def significant_digits(text: str) -> int:
    """Number of significant decimal digits in a number's text."""
    mantissa = re.split(r"[eE]", text)[0].lstrip("-").replace(".", "")
    return len(mantissa.strip("0")) or 1


# ---------------------------------------------------------------- integers


@pytest.mark.parametrize("i", [0, 1, -1, 2**53 + 1, 2**63 - 1, 2**63, U64_MAX, I64_MIN])
def test_integer_edges_are_exact(i):
    assert dumps(i) == str(i)
    assert same(loads(str(i)), i)
    doc = {"id": i, "ids": [i, U64_MAX]}
    assert same(loads(dumps(doc)), doc)


@given(st.integers(min_value=I64_MIN, max_value=U64_MAX))
def test_integers_round_trip(i):
    text = dumps([i])
    assert text == f"[{i}]"
    assert same(loads(text), [i])


@pytest.mark.parametrize("i", [2**64, -(2**63) - 1, 10**30, -(10**30)])
def test_integers_beyond_64_bits_are_refused_when_dumping(i):
    with pytest.raises(ValidationError) as exc:
        dumps({"a": [1, i]})
    assert exc.value.path == "a[1]"
    assert "range" in exc.value.message
    assert str(exc.value).startswith("a[1]: ")


@pytest.mark.parametrize("text", ["18446744073709551616", "-9223372036854775809", "1" * 30])
def test_integers_beyond_64_bits_parse_as_doubles(text):
    # json.h: "an integer beyond the u64/i64 range becomes a double"
    value = loads(text)
    assert type(value) is float
    assert value == float(text)


# ---------------------------------------------------------------- doubles


@given(st.floats(allow_nan=False, allow_infinity=False))
@example(2.0**-24)
def test_doubles_round_trip_exactly(x):
    text = dumps(x)
    assert same(loads(text), x)
    assert json.loads(text) == x


@given(st.floats(allow_nan=False, allow_infinity=False))
@example(2.0**-24)  # 5.9604644775390625e-08: a tie at 16 digits, shortest is ...063e-08
@example(7.120236347223045e-307)
def test_doubles_emit_shortest_form(x):
    assert significant_digits(dumps(x)) == significant_digits(repr(x))


@pytest.mark.parametrize("x,text", [(1.0, "1.0"), (-0.0, "-0.0"), (0.1, "0.1"), (100.0, "100.0")])
def test_integral_doubles_keep_a_fraction(x, text):
    assert float(dumps(x)) == x
    assert "." in dumps(x) or "e" in dumps(x).lower()
    assert same(loads(dumps(x)), x)


def test_nan_and_infinity_emit_null():
    assert dumps([math.nan, math.inf, -math.inf]) == "[null,null,null]"


# ---------------------------------------------------------------- strings and trees

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=I64_MIN, max_value=U64_MAX)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=("Cs",)))
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=5)
    | st.dictionaries(st.text(st.characters(exclude_categories=("Cs",)), max_size=8), inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300)
@given(json_values)
def test_random_trees_round_trip(value):
    text = dumps(value)
    assert same(loads(text), value)
    assert same(loads(text.encode()), value)
    # Agrees with the standard library both ways.
    assert json.loads(text) == value
    assert same(loads(json.dumps(value)), value)


def test_tuples_and_subclasses_convert():
    class D(dict):
        pass

    assert loads(dumps((1, "a", D(k=[True, None])))) == [1, "a", {"k": [True, None]}]


def test_pretty_output_parses_back():
    doc = {"a": [1, {"b": None}], "c": "x"}
    text = dumps(doc, pretty=True)
    assert "\n" in text
    assert loads(text) == doc


@pytest.mark.parametrize(
    "value,path",
    [
        ({"a": {1: 2}}, "a"),
        ({"a": [1, b"x"]}, "a[1]"),
        ({"a": [1, bytearray(b"x")]}, "a[1]"),
        ({"a": {"b": {1, 2}}}, "a.b"),
        ([{"k": object()}], "[0].k"),
        ({"s": "\ud800"}, "s"),
    ],
)
def test_unconvertible_values_name_their_path(value, path):
    with pytest.raises(ValidationError) as exc:
        dumps(value)
    assert exc.value.path == path
    assert exc.value.code == "EINVAL"


def test_bytes_are_not_json():
    with pytest.raises(ValidationError, match="bytes is not JSON"):
        dumps(b"abc")


# ---------------------------------------------------------------- float32 vectors

f32_arrays = hnp.arrays(
    np.float32,
    st.integers(0, 64),
    elements=st.floats(width=32, allow_nan=False, allow_infinity=False),
)


F32_TIES = np.array([2.0**-96, 2.0**87, 2.0**90], dtype=np.float32)  # 1.2621775e-29, ...


def f32_tokens(arr):
    text = dumps(arr)
    tokens = text[1:-1].split(",") if len(arr) else []
    assert len(tokens) == len(arr)
    return text, tokens


@given(f32_arrays)
@example(F32_TIES)
def test_f32_vectors_emit_exactly(arr):
    text, tokens = f32_tokens(arr)
    for tok, x in zip(tokens, arr):
        assert np.float32(float(tok)) == x
    back = np.array(json.loads(text), dtype=np.float32)
    assert back.tobytes() == arr.tobytes()


@given(f32_arrays)
@example(F32_TIES)
def test_f32_vectors_emit_shortest_form(arr):
    _, tokens = f32_tokens(arr)
    for tok, x in zip(tokens, arr):
        assert significant_digits(tok) == significant_digits(np.format_float_scientific(x, unique=True))


@given(f32_arrays)
@example(F32_TIES)
def test_f32_vectors_round_trip_exactly_through_validation(arr):
    values = _qedge.validate_type("vector", arr)
    assert all(type(v) is float for v in values)
    assert np.array(values, dtype=np.float32).tobytes() == arr.tobytes()


@given(f32_arrays)
@example(F32_TIES)
def test_f32_vectors_validate_to_their_shortest_decimal(arr):
    # Each value is the Python float of the shortest decimal of the float32,
    # so [0.1] stays [0.1] (what a Qdrant server's JSON would give).
    for v, x in zip(_qedge.validate_type("vector", arr), arr):
        assert v == float(np.format_float_scientific(x, unique=True))


def test_buffers_of_every_float_layout():
    base = np.array([0.1, -2.5, 3.0, 1e-3], dtype=np.float32)
    expected = [float(np.format_float_scientific(x, unique=True)) for x in base]
    for arr in [
        base,
        base.astype(">f4"),  # big-endian
        base.astype(np.float64),
        np.repeat(base, 2)[::2],  # strided
        array.array("f", base.tolist()),
        memoryview(array.array("d", base.astype(np.float64).tolist())),
    ]:
        assert loads(dumps(arr)) == expected, arr
    half = np.array([0.5, -1.25, 65504.0, 6e-8], dtype=np.float16)
    assert loads(dumps(half)) == [float(np.format_float_scientific(np.float32(x), unique=True)) for x in half]


def test_integer_buffers_stay_exact():
    assert loads(dumps(np.array([0, U64_MAX], dtype=np.uint64))) == [0, U64_MAX]
    assert loads(dumps(np.array([I64_MIN, -1], dtype=">i8"))) == [I64_MIN, -1]
    assert loads(dumps(np.arange(3, dtype=np.uint8))) == [0, 1, 2]


def test_two_dimensional_buffers_become_rows():
    m = np.arange(6, dtype=np.float32).reshape(2, 3) / 4
    assert loads(dumps(m)) == m.tolist()
    assert loads(dumps(m.T)) == m.T.tolist()  # non-contiguous rows


def test_bool_buffers_are_booleans():
    assert same(loads(dumps({"a": np.bool_(True), "b": np.array([True, False])})),
                {"a": True, "b": [True, False]})


def test_numpy_scalars_are_numbers():
    assert same(loads(dumps({"a": np.float32(0.1), "b": np.int64(-3), "c": np.float64(0.2)})),
                {"a": 0.1, "b": -3, "c": 0.2})


def test_unsupported_buffers_are_refused():
    with pytest.raises(ValidationError, match="dimensions"):
        dumps({"v": np.zeros((2, 2, 2), dtype=np.float32)})
    with pytest.raises(ValidationError, match="format") as exc:
        dumps({"v": np.zeros(3, dtype=np.complex64)})
    assert exc.value.path == "v"


# ---------------------------------------------------------------- limits


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_parse_depth_limit_is_enforced():
    assert loads(nested(5), max_depth=5) == [[[[[]]]]]
    with pytest.raises(ValidationError) as exc:
        loads(nested(6), max_depth=5)
    assert exc.value.code == "ELIMIT"
    with pytest.raises(ValidationError) as exc:
        loads(nested(10_000))
    assert exc.value.code == "ELIMIT"


def test_size_limit_is_enforced():
    with pytest.raises(ValidationError) as exc:
        loads("[" + "1," * 100 + "1]", max_size=50)
    assert exc.value.code == "ELIMIT"


def test_deep_python_values_are_refused():
    deep = []
    for _ in range(_qedge.MAX_DEPTH + 10):
        deep = [deep]
    with pytest.raises(ValidationError) as exc:
        dumps(deep)
    assert exc.value.code == "ELIMIT"
    loop = []
    loop.append(loop)
    with pytest.raises(ValidationError):
        dumps(loop)


# ---------------------------------------------------------------- malformed text


@pytest.mark.parametrize(
    "text,offset",
    [
        (b'"\xff"', 1),
        (b'["ab\xff"]', 4),
        (b'[1, "abc\xc3("]', 8),  # a lead byte without its continuation
        (b'{"k\xff": 1}', 3),  # in a key
        (b'["\xed\xa0\x80"]', 2),  # an encoded surrogate
        (b'["\xc0\xaf"]', 2),  # an overlong form
        (b'["\xf4\x90\x80\x80"]', 2),  # above U+10FFFF
    ],
)
def test_invalid_utf8_is_refused_with_its_byte_offset(text, offset):
    with pytest.raises(ValidationError) as exc:
        loads(text)
    assert exc.value.code == "EPARSE"
    m = re.search(r"byte (\d+)", exc.value.message)
    assert m, exc.value.message
    assert int(m.group(1)) == offset, exc.value.message


@pytest.mark.parametrize(
    "text",
    ["", "[1,]", "[1 2]", "x", '["a"] x', '{"a" 1}', "nul", b'"\xff"', b'{"k\xed\xa0\x80": 1}'],
)
def test_malformed_text_is_refused(text):
    with pytest.raises(ValidationError) as exc:
        loads(text)
    assert exc.value.code == "EPARSE"
    assert re.search(r"byte \d+", exc.value.message)
    assert isinstance(exc.value, ValueError) and isinstance(exc.value, QdrantError)


def test_str_with_lone_surrogate_is_refused():
    with pytest.raises(ValidationError):
        loads('"\ud800"')


def test_large_texts_parse_off_the_gil():
    big = [{"id": i, "v": [0.5] * 8} for i in range(5000)]
    assert loads(dumps(big)) == big


# ---------------------------------------------------------------- crc32c


def test_crc32c_known_value_and_chaining():
    assert _qedge.crc32c(b"123456789") == 0xE3069283
    assert _qedge.crc32c(b"") == 0
    assert _qedge.crc32c(b"6789", _qedge.crc32c(b"12345")) == 0xE3069283
    data = bytes(range(256)) * 1000
    assert _qedge.crc32c(memoryview(data)) == _qedge.crc32c(bytearray(data))
    with pytest.raises(ValueError):
        _qedge.crc32c(b"x", 2**32)
    with pytest.raises(TypeError):
        _qedge.crc32c("text")


def test_threads_share_the_module_while_the_gil_is_released():
    from concurrent.futures import ThreadPoolExecutor

    points = [{"id": i, "vector": [0.25] * 16, "payload": {"n": i}} for i in range(3000)]
    text = dumps(points)

    def work(_):
        parsed = loads(text)
        checked = _qedge.validate_type("[PointStruct]", parsed, typed=False)
        return parsed == points and checked == points and dumps(parsed) == text

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(work, range(8)))
