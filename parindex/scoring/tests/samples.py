"""A small valid criteria set in parindex.criteria/1, shared by the engine and catalog tests."""

SMALL = """
format: parindex.criteria/1
title: "Bộ tiêu chí thử nghiệm năm 2025"
level: department
year: 2025
max_points: 3
not_applicable: exclude
classification:
  - {label: "Tốt", min: 90}
  - {label: "Yếu", min: 0}
nodes:
  - code: "1"
    title: "Công tác chỉ đạo, điều hành"
    field: CDDH
    max_points: 3
    children:
      - code: "1.1"
        title: "Ban hành kế hoạch CCHC"
        max_points: 1
        method: self
        evidence: required
        rule:
          kind: levels
          levels:
            - {label: "Đúng hạn", points: 1}
            - {label: "Chậm", points: 0.5}
            - {label: "Không ban hành", points: 0}
      - code: "1.2"
        title: "Tỷ lệ hoàn thành kế hoạch"
        max_points: 2
        method: self
        evidence: optional
        rule:
          kind: ratio_bands
          numerator: "Số nhiệm vụ hoàn thành"
          denominator: "Số nhiệm vụ"
          bands:
            - {min: 100, points: 2}
            - {min: 0, points: 0}
"""
