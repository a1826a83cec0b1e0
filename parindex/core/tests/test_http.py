import pytest

from parindex.core.http import MAX_ID, whole_number


@pytest.mark.parametrize(
    "text, number",
    [
        ("0", 0),
        ("42", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 40, None),
        ("²", None),  # str.isdigit() says yes, int() says no
        ("١٢", None),  # digits int() reads, which no address of ours carries
        ("-1", None),
        ("1.5", None),
        (" 1", None),
        ("", None),
        (None, None),
    ],
)
def test_whole_number_reads_ascii_digits_a_column_can_hold(text, number):
    assert whole_number(text) == number
