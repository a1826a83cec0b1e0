from parindex.core import audit
from parindex.core.templatetags.parindex import audit_action, audit_key, audit_value


def test_audit_values_are_shown_as_the_province_writes_them():
    assert audit_value("2027-03-31") == "31/03/2027"
    assert audit_value(None) == "–" and audit_value("") == "–"
    assert audit_value(True) == "Có" and audit_value(False) == "Không"
    assert audit_value(["Sở, ban, ngành: Bộ tiêu chí 2026", "2026-01-05"]) == (
        "Sở, ban, ngành: Bộ tiêu chí 2026; 05/01/2026"
    )
    assert audit_value("0.75") == "0.75"


def test_histories_name_fields_and_actions_and_use_a_decimal_comma():
    assert audit_key("appraised_points") == "Điểm thẩm định" and audit_key("xyz") == "xyz"
    assert audit_action("appraisal.entry") == "Thẩm định"
    assert audit_value("0.5", "appraised_points") == "0,5"
    assert audit_value("1.1", "code") == "1.1"  # a criterion's code stays as written


def test_a_key_is_named_for_what_the_entry_is_about():
    assert audit_key("code", "assessments.entry") == "Tiêu chí"
    assert audit_key("code", "catalog.unit") == "Mã" and audit_key("code") == "Mã"
    assert audit_key("level", "assessments.entry") == "Mức"
    assert audit_key("level", "catalog.criteriaset") == "Cấp"


def test_file_sizes_and_hashes_are_shown_for_people():
    assert audit_value(77, "size") == "77\xa0byte"
    assert audit_value(1536 * 1024, "size") == "1,5\xa0MB"
    assert audit_value(20 * 1024 * 1024, "size") == "20\xa0MB"
    sha = "68d3dbe223d4659eb030429ecc280a437eb6e9b042a59797cbbd9e16f56c1d56"
    assert audit_value(sha, "sha256") == f'<code title="{sha}">68d3dbe223d4…</code>'
    assert audit_value(77, "version") == "77"


def test_an_edit_records_only_what_changed():
    before = {"title": "qd-125", "issuer": "", "summary": "Cũ"}
    after = {"title": "Quyết định 125", "issuer": "", "summary": "Cũ", "file": "qd.pdf"}
    assert audit.changes(before, after) == (
        {"title": "qd-125"},
        {"title": "Quyết định 125", "file": "qd.pdf"},
    )
    assert audit.changes(after, after) == ({}, {})
