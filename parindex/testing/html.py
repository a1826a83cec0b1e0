"""Reading a rendered page the way a reader does: the text of a table, row by row."""

from html.parser import HTMLParser


class _Table(HTMLParser):
    """The text of each cell of the table with the given id, row by row (header row first)."""

    def __init__(self, table_id: str):
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell = table_id, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th"):
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table(page: str, table_id: str) -> list[list[str]]:
    parser = _Table(table_id)
    parser.feed(page)
    return parser.rows


class _Links(HTMLParser):
    """Where a page's links and htmx GETs lead."""

    def __init__(self):
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        for target in (found.get("href") if tag == "a" else None, found.get("hx-get")):
            if target:
                self.targets.append(target)


def links(page: str) -> list[str]:
    parser = _Links()
    parser.feed(page)
    return parser.targets
