"""`manage.py generate_plans`: a year of synthetic plans for measuring at scale (benchmarks/
bench_plans.py): UNITS units, each with an issued plan of TASKS tasks carrying the province's
and UPDATES progress updates a task, written in bulk. For an empty test installation only."""

import random
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from parindex.accounts.models import Role, User
from parindex.catalog.models import Field, Unit, UnitLevel
from parindex.plans.models import Plan, PlanTask, ProgressUpdate
from parindex.plans.planning import touch
from parindex.plans.progress import due_from_label

PERIODS = ("Quý I", "Quý II", "Quý III", "Quý IV", "6 tháng đầu năm", "Thường xuyên")
BATCH = 5000


class Command(BaseCommand):
    help = _("Tạo dữ liệu kế hoạch CCHC tổng hợp để đo hiệu năng (chỉ dùng cho bản cài thử).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, default=2025)
        parser.add_argument("--units", type=int, default=45)
        parser.add_argument("--tasks", type=int, default=60)
        parser.add_argument("--updates", type=int, default=4)
        parser.add_argument("--seed", type=int, default=2025)

    @transaction.atomic
    def handle(self, *args, year, units, tasks, updates, seed, **options) -> None:
        if Plan.objects.filter(year=year).exists():
            raise CommandError(_("Năm %(year)s đã có kế hoạch.") % {"year": year})
        rng = random.Random(seed)  # noqa: S311 – synthetic data, not a secret
        level, _created = UnitLevel.objects.get_or_create(
            code="bench-department", defaults={"name": "Sở, ban, ngành (đo hiệu năng)"}
        )
        fields = [
            Field.objects.get_or_create(code=f"F{n}", defaults={"name": f"Lĩnh vực {n}"})[0]
            for n in range(1, 9)
        ]
        admin = User.objects.filter(role=Role.ADMIN).first()
        if admin is None:
            raise CommandError(_("Cần một tài khoản quản trị."))
        made = Unit.objects.bulk_create(
            Unit(
                code=f"bench-{year}-{n}",
                name=f"Đơn vị đo {n:05d}",
                level=level,
                search_key=f"don vi do {n:05d}",
            )
            for n in range(units)
        )
        province = Plan.objects.create(
            year=year,
            title=f"Kế hoạch CCHC {year}",
            state=Plan.State.ISSUED,
            issued_on=date(year - 1, 12, 30),
        )
        province_tasks = PlanTask.objects.bulk_create(
            PlanTask(
                plan=province,
                code=str(n),
                position=n,
                content=f"Nhiệm vụ {n}",
                field=fields[n % 8],
                due_on=due_from_label(PERIODS[n % 6], year),
                due_label=PERIODS[n % 6],
                lead_unit=made[n % units],
            )
            for n in range(1, tasks + 1)
        )
        plans = Plan.objects.bulk_create(
            Plan(
                unit=unit,
                year=year,
                title=f"Kế hoạch CCHC {year} – {unit.name}",
                state=Plan.State.ISSUED,
                issued_on=date(year, 1, rng.randint(5, 25)),
                deadline=date(year, 1, 15),
            )
            for unit in made
        )
        today = date(year, 12, 31)
        rows = []
        for plan in plans:
            for source in province_tasks:
                done = rng.random() < 0.7
                due = source.due_on
                rows.append(
                    PlanTask(
                        plan=plan,
                        code=source.code,
                        position=source.position,
                        content=source.content,
                        product="Báo cáo",
                        responsible_office="Văn phòng",
                        funding_source="NS",
                        field=source.field,
                        due_on=due,
                        due_label=source.due_label,
                        carries=source,
                        started=True,
                        percent=100 if done else 50,
                        done_on=due + timedelta(days=rng.randint(-20, 15)) if done else None,
                    )
                )
        created = []
        for start in range(0, len(rows), BATCH):
            created += PlanTask.objects.bulk_create(rows[start : start + BATCH])
        written = 0
        batch: list[ProgressUpdate] = []
        for task in created:
            for number in range(updates):
                on = min(task.due_on - timedelta(days=30 * (updates - number)), today)
                batch.append(
                    ProgressUpdate(
                        task=task,
                        on=on,
                        status="in_progress",
                        percent=25 * number,
                        created_by=admin,
                    )
                )
            if len(batch) >= BATCH:
                ProgressUpdate.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        ProgressUpdate.objects.bulk_create(batch)
        written += len(batch)
        touch(year)
        self.stdout.write(
            _("Đã tạo %(units)d đơn vị, %(tasks)d nhiệm vụ, %(updates)d báo cáo tiến độ.")
            % {"units": units, "tasks": len(created) + len(province_tasks), "updates": written}
        )
