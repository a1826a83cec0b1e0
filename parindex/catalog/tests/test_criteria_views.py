from decimal import Decimal

import pytest
import yaml
from django.urls import reverse

from parindex.catalog import interchange
from parindex.catalog.models import CriteriaSet, Criterion, Field
from parindex.core.models import AuditEntry
from parindex.scoring.criteria_format import parse_criteria
from parindex.testing.factories import many_leaves
from parindex.testing.samples import SMALL

pytestmark = pytest.mark.django_db


def make_set(text: str = SMALL, **changes):
    doc = yaml.safe_load(text) | changes
    spec = parse_criteria(doc)
    for code in {"CDDH"}:
        Field.objects.get_or_create(code=code, defaults={"name": "Chỉ đạo, điều hành"})
    return interchange.save_criteria_set(spec, by=None)


@pytest.fixture
def small_set(department_level):
    return make_set()


def test_tree_shows_every_node_with_its_rule(admin_client, small_set):
    page = admin_client.get(reverse("catalog:criteria_set", kwargs={"pk": small_set.pk}))
    html = page.content.decode()
    assert [row.code for row in page.context["rows"]] == ["1", "1.1", "1.2"]
    assert [row.depth for row in page.context["rows"]] == [1, 2, 2]
    assert "Chọn mức: Đúng hạn → 1; Chậm → 0,5; Không ban hành → 0" in html
    assert "Tỷ lệ theo ngưỡng: ≥ 100% → 2; ≥ 0% → 0" in html
    assert page.context["problems"] == []


@pytest.mark.parametrize("item_count", [1, 3])
def test_tree_query_count_does_not_grow_with_nodes(
    admin_client, department_level, item_count, django_assert_num_queries
):
    """`item_count` areas of `item_count` leaves each, with their rules."""
    areas = [
        {
            "code": f"{a}",
            "title": f"Lĩnh vực {a}",
            "field": "CDDH",
            "max_points": item_count,
            "children": [
                leaf | {"code": f"{a}.{i}"} for i, leaf in enumerate(many_leaves(item_count), 1)
            ],
        }
        for a in range(1, item_count + 1)
    ]
    criteria_set = make_set(nodes=areas, max_points=item_count * item_count)

    with django_assert_num_queries(6):
        response = admin_client.get(reverse("catalog:criteria_set", kwargs={"pk": criteria_set.pk}))

    codes = []
    for a in range(1, item_count + 1):
        codes += [f"{a}", *(f"{a}.{i}" for i in range(1, item_count + 1))]
    assert [row.code for row in response.context["rows"]] == codes
    html = response.content.decode()
    assert html.count("Chấm điểm trực tiếp: bước 0,25") == item_count * item_count


def node_data(**overrides) -> dict:
    return {
        "code": "1.3",
        "title": "Kiểm tra công tác CCHC",
        "field": "",
        "max_points": "1",
        "method": "self",
        "evidence": "required",
        "evidence_hint": "Biên bản kiểm tra",
        "guidance": "",
        "suggest_from": "",
        "rule_kind": "levels",
        "rule_levels": "Đạt = 1\nKhông đạt = 0",
    } | overrides


def test_add_a_leaf_then_the_set_reports_the_parent_sum(admin_client, small_set, admin_user):
    area = small_set.nodes.get(code="1")
    url = reverse("catalog:node_create", kwargs={"pk": small_set.pk}) + f"?parent={area.pk}"
    response = admin_client.post(url, node_data())
    assert response.status_code == 302
    leaf = small_set.nodes.get(code="1.3")
    assert leaf.parent == area
    assert leaf.rule == {
        "kind": "levels",
        "levels": [{"label": "Đạt", "points": "1"}, {"label": "Không đạt", "points": "0"}],
    }
    assert list(small_set.nodes.order_by("position").values_list("code", flat=True)) == [
        "1",
        "1.1",
        "1.2",
        "1.3",
    ]
    assert AuditEntry.objects.get(action="criterion.create").actor == admin_user
    detail = admin_client.get(reverse("catalog:criteria_set", kwargs={"pk": small_set.pk}))
    assert [p.code for p in detail.context["problems"]] == ["1", ""]


def test_rule_points_above_max_are_refused_and_the_input_kept(admin_client, small_set):
    node = small_set.nodes.get(code="1.1")
    url = reverse("catalog:node_edit", kwargs={"pk": small_set.pk, "node_pk": node.pk})
    response = admin_client.post(url, node_data(code="1.1", rule_levels="Đúng hạn = 5\nChậm = 0,5"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1.1" in html and "Đúng hạn = 5" in html
    assert response.context["form"].non_field_errors()
    node.refresh_from_db()
    assert node.rule["levels"][0] == {"label": "Đúng hạn", "points": "1"}


def test_badly_typed_level_line_is_explained(admin_client, small_set):
    node = small_set.nodes.get(code="1.1")
    url = reverse("catalog:node_edit", kwargs={"pk": small_set.pk, "node_pk": node.pk})
    response = admin_client.post(url, node_data(code="1.1", rule_levels="Đúng hạn: 1"))
    assert "Các mức: dòng 1: cần dạng “… = điểm”" in response.content.decode()


def test_edit_records_old_and_new(admin_client, small_set):
    node = small_set.nodes.get(code="1.1")
    url = reverse("catalog:node_edit", kwargs={"pk": small_set.pk, "node_pk": node.pk})
    admin_client.post(
        url,
        node_data(
            code="1.1",
            title="Ban hành kế hoạch CCHC năm",
            max_points="1",
            rule_levels="Đúng hạn = 1\nChậm = 0,25\nKhông = 0",
        ),
    )
    entry = AuditEntry.objects.get(action="criterion.update")
    assert entry.old["title"] == "Ban hành kế hoạch CCHC"
    assert entry.new["title"] == "Ban hành kế hoạch CCHC năm"
    assert entry.new["rule"]["levels"][1] == {"label": "Chậm", "points": "0.25"}


def test_put_in_use_freezes_the_set(admin_client, small_set, admin_user):
    admin_client.post(reverse("catalog:criteria_set_in_use", kwargs={"pk": small_set.pk}))
    small_set.refresh_from_db()
    assert small_set.status == CriteriaSet.Status.IN_USE
    node = small_set.nodes.get(code="1.1")
    response = admin_client.post(
        reverse("catalog:node_edit", kwargs={"pk": small_set.pk, "node_pk": node.pk}),
        node_data(code="1.1", title="Đổi tên"),
        follow=True,
    )
    assert "Bộ tiêu chí đang áp dụng, không được sửa." in response.content.decode()
    node.refresh_from_db()
    assert node.title == "Ban hành kế hoạch CCHC"
    admin_client.post(
        reverse("catalog:node_delete", kwargs={"pk": small_set.pk, "node_pk": node.pk})
    )
    assert small_set.nodes.filter(code="1.1").exists()


def test_invalid_set_cannot_be_put_in_use(admin_client, small_set):
    Criterion.objects.filter(criteria_set=small_set, code="1.2").update(max_points=5)
    response = admin_client.post(
        reverse("catalog:criteria_set_in_use", kwargs={"pk": small_set.pk}), follow=True
    )
    small_set.refresh_from_db()
    assert small_set.status == CriteriaSet.Status.DRAFT
    assert "Chưa thể áp dụng: bộ tiêu chí còn" in response.content.decode()


def test_delete_removes_the_subtree(admin_client, small_set):
    area = small_set.nodes.get(code="1")
    admin_client.post(
        reverse("catalog:node_delete", kwargs={"pk": small_set.pk, "node_pk": area.pk})
    )
    assert small_set.nodes.count() == 0
    assert AuditEntry.objects.get(action="criterion.delete").old["code"] == "1"


def test_clone_to_next_year_then_diff(admin_client, small_set):
    admin_client.post(
        reverse("catalog:criteria_set_clone", kwargs={"pk": small_set.pk}),
        {"year": 2026, "text": "|title"},
    )
    clone = CriteriaSet.objects.get(year=2026)
    assert (clone.title, clone.status, clone.cloned_from) == (
        "Bộ tiêu chí thử nghiệm năm 2026",
        CriteriaSet.Status.DRAFT,
        small_set,
    )
    assert clone.nodes.count() == 3
    Criterion.objects.filter(criteria_set=clone, code="1.1").update(
        title="Ban hành kế hoạch CCHC năm 2026"
    )
    Criterion.objects.filter(criteria_set=clone, code="1.2").delete()
    response = admin_client.get(
        reverse("catalog:criteria_compare"), {"old": small_set.pk, "new": clone.pk}
    )
    rows = {row.code: row for row in response.context["rows"]}
    assert (rows["1"].status, rows["1.1"].status, rows["1.2"].status) == (
        "same",
        "changed",
        "removed",
    )
    assert [(c.label, c.old, c.new) for c in rows["1.1"].changes] == [
        ("Tên tiêu chí", "Ban hành kế hoạch CCHC", "Ban hành kế hoạch CCHC năm 2026")
    ]
    assert response.context["counts"] == {"added": 0, "removed": 1, "changed": 1}


def test_export_yaml_round_trips(admin_client, small_set):
    response = admin_client.get(reverse("catalog:criteria_set_yaml", kwargs={"pk": small_set.pk}))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="bo-tieu-chi-department-2025-v1.yaml"'
    )
    exported = parse_criteria(yaml.safe_load(response.content.decode()))
    assert exported == parse_criteria(yaml.safe_load(SMALL))


def test_export_xlsx_round_trips(admin_client, small_set):
    response = admin_client.get(reverse("catalog:criteria_set_xlsx", kwargs={"pk": small_set.pk}))
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert parse_criteria(interchange.read_xlsx(response.content)) == parse_criteria(
        yaml.safe_load(SMALL)
    )


def test_import_yaml_preview_then_confirm(admin_client, department_level, admin_user):
    Field.objects.create(code="CDDH", name="Chỉ đạo, điều hành")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("bo.yaml", SMALL.encode(), content_type="application/yaml")
    response = admin_client.post(reverse("catalog:criteria_import"), {"file": upload})
    assert response["Location"] == reverse("catalog:criteria_import_preview")
    assert CriteriaSet.objects.count() == 0
    preview = admin_client.get(response["Location"])
    assert [r.code for r in preview.context["rows"]] == ["1", "1.1", "1.2"]
    confirmed = admin_client.post(reverse("catalog:criteria_import_preview"))
    created = CriteriaSet.objects.get()
    assert confirmed["Location"] == reverse("catalog:criteria_set", kwargs={"pk": created.pk})
    assert (created.level, created.year, created.version, created.nodes.count()) == (
        department_level,
        2025,
        1,
        3,
    )
    assert "criteria_import" not in admin_client.session


def test_invalid_import_lists_every_problem_and_writes_nothing(admin_client, department_level):
    from django.core.files.uploadedfile import SimpleUploadedFile

    broken = SMALL.replace("max_points: 2\n        method", "max_points: 2.5\n        method")
    upload = SimpleUploadedFile("bo.yaml", broken.encode())
    response = admin_client.post(reverse("catalog:criteria_import"), {"file": upload})
    problems = response.context["problems"]
    assert response.status_code == 200
    assert {p.code for p in problems} >= {"1"}
    assert "Tệp không hợp lệ" in response.content.decode()
    assert CriteriaSet.objects.count() == 0
    assert Criterion.objects.count() == 0


def test_import_with_unknown_field_is_refused_before_preview(admin_client, department_level):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("bo.yaml", SMALL.encode())
    response = admin_client.post(reverse("catalog:criteria_import"), {"file": upload})
    assert response.status_code == 200
    assert any("CDDH" in p.message for p in response.context["problems"])
    assert "criteria_import" not in admin_client.session


@pytest.mark.parametrize(
    "name", ["catalog:criteria_set", "catalog:criteria_set_yaml", "catalog:node_create"]
)
def test_criteria_pages_refuse_non_admins(client, officer, appraiser, small_set, name):
    for user in (officer, appraiser):
        client.force_login(user)
        assert client.get(reverse(name, kwargs={"pk": small_set.pk})).status_code == 403


def test_the_editor_reads_numbers_as_the_forms_and_imports_do(admin_client, small_set):
    # Decimal commas in the points, the step and the level lines; an ambiguous "1.2.3" refused.
    node = small_set.nodes.get(code="1.1")
    url = reverse("catalog:node_edit", kwargs={"pk": small_set.pk, "node_pk": node.pk})
    admin_client.post(
        url, node_data(code="1.1", max_points="1,5", rule_kind="manual", rule_step="0,25")
    )
    node.refresh_from_db()
    assert (node.max_points, node.rule) == (Decimal("1.5"), {"kind": "manual", "step": "0.25"})
    response = admin_client.post(url, node_data(code="1.1", max_points="1.2.3"))
    assert response.context["form"].errors["max_points"] == [
        "“Điểm tối đa” phải là một số, ví dụ 2.000 hoặc 1.234,5 (dấu chấm ngăn cách hàng nghìn, "
        "dấu phẩy trước phần thập phân)."
    ]
    response = admin_client.post(url, node_data(code="1.1", rule_levels="Đạt = 1.2.3"))
    assert "Các mức: dòng 1: cần dạng “… = điểm”" in response.content.decode()


def test_the_compare_page_opens_with_nothing_chosen(admin_client, small_set):
    response = admin_client.get(reverse("catalog:criteria_compare"))
    assert response.status_code == 200
    assert (response.context["rows"], response.context["counts"]) == (None, None)
