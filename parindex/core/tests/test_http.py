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


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"q": "a\x00b"}, {"x\x00": "1"}])
def test_a_nul_in_a_query_is_a_bad_request_in_vietnamese(client, query):
    response = client.get("/ket-qua/", query)

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_in_a_form_is_a_bad_request(admin_client):
    response = admin_client.post(
        "/catalog/units/", "q=%00", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400


@pytest.mark.django_db
def test_an_id_beyond_64_bits_is_not_found(client):
    assert client.get(f"/ket-qua/2025/don-vi/{2**64}/").status_code == 404
