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
