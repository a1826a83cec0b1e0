from parindex.core.forms import ReasonForm


def test_a_field_refused_by_validation_is_marked_invalid():
    form = ReasonForm(data={"reason": ""})

    assert not form.is_valid()
    html = str(form["reason"])
    assert "is-invalid" in html
    assert 'aria-invalid="true"' in html


def test_a_field_refused_after_validation_is_marked_invalid_once():
    form = ReasonForm(data={"reason": "Đủ"})
    assert form.is_valid()

    form.add_error("reason", "Quá ngắn.")
    form.add_error("reason", "Vẫn quá ngắn.")

    assert form["reason"].field.widget.attrs["class"].split().count("is-invalid") == 1
    assert 'aria-invalid="true"' in str(form["reason"])


def test_an_error_on_the_whole_form_marks_no_field():
    form = ReasonForm(data={"reason": "Đủ"})
    form.is_valid()

    form.add_error(None, "Không lưu được.")

    assert "is-invalid" not in str(form["reason"])
