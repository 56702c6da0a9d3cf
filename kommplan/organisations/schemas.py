from __future__ import annotations

from ninja import Schema


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
