"""Two consecutive years of the commune level, published: in 2024 Xã A, Xã B and Xã C; in 2025
Xã A again, Xã Mới formed from Xã B and Xã C (merger), and Xã Lập Mới with no history."""

import pytest

from parindex.catalog.models import Unit
from parindex.testing.publications import publish_snapshot


@pytest.fixture
def communes(commune_level) -> dict[str, Unit]:
    names = {"a": "Xã A", "b": "Xã B", "c": "Xã C", "merged": "Xã Mới", "new": "Xã Lập Mới"}
    units = {
        key: Unit.objects.create(code=f"xa-{key}", name=name, level=commune_level, kind="xa")
        for key, name in names.items()
    }
    units["merged"].predecessors.set([units["b"], units["c"]])
    return units


@pytest.fixture
def last_year(communes, commune_level):
    return publish_snapshot(
        2024,
        commune_level,
        [(communes["a"], "90", "Tốt"), (communes["b"], "80", "Khá"), (communes["c"], "70", "Khá")],
    )


@pytest.fixture
def this_year(last_year, communes, commune_level):
    return publish_snapshot(
        2025,
        commune_level,
        [
            (communes["merged"], "95", "Xuất sắc"),
            (communes["a"], "85", "Tốt"),
            (communes["new"], "60", "Trung bình"),
        ],
    )
