"""A province plan for 2025, issued, with tasks led by Sở Tư pháp (`justice`) and coordinated by
Phường Điện Biên Phủ (`ward`), and Sở Tư pháp's own plan carrying them."""

from datetime import date

import pytest

from parindex.catalog.models import Field
from parindex.plans import planning
from parindex.plans.models import Plan


@pytest.fixture
def reform_field(db) -> Field:
    return Field.objects.create(code="TTHC", name="Cải cách thủ tục hành chính", order=3)


@pytest.fixture
def province_plan(admin_user, justice, ward, reform_field) -> Plan:
    plan = planning.create_plan(
        unit=None, year=2025, by=admin_user, title="Kế hoạch CCHC tỉnh Điện Biên năm 2025"
    )
    planning.add_task(
        plan,
        by=admin_user,
        code="1",
        content="Rà soát, đơn giản hóa thủ tục hành chính",
        product="Quyết định thông qua phương án đơn giản hóa",
        field=reform_field,
        lead_unit=justice,
        coordinating=[ward],
        due_label="Quý II",
    )
    planning.add_task(
        plan,
        by=admin_user,
        code="2",
        content="Kiểm tra công tác CCHC tại các xã",
        product="Báo cáo kết quả kiểm tra",
        lead_unit=ward,
        due_on=date(2025, 9, 30),
    )
    return planning.issue(
        plan,
        by=admin_user,
        reference_number="5933/KH-UBND",
        issued_on=date(2024, 12, 30),
        signer="Lê Thành Đô",
    )


@pytest.fixture
def justice_plan(province_plan, officer, justice) -> Plan:
    """Sở Tư pháp's plan, issued, carrying the province's task 1, with an own task 2."""
    plan = planning.create_plan(
        unit=justice, year=2025, by=officer, title="Kế hoạch CCHC Sở Tư pháp năm 2025"
    )
    planning.carry(plan, province_plan.tasks.get(code="1"), by=officer)
    planning.add_task(
        plan,
        by=officer,
        code="2",
        content="Công khai thủ tục hành chính trên Cổng dịch vụ công",
        product="Danh mục TTHC được công khai",
        responsible_office="Văn phòng Sở",
        funding_source="Ngân sách chi thường xuyên",
        due_label="Tháng 3",
    )
    return planning.issue(
        plan,
        by=officer,
        reference_number="12/KH-STP",
        issued_on=date(2025, 1, 10),
        signer="Nguyễn Văn A",
    )
