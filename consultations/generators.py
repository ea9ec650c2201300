"""Meeting materials drawn from the desk: its opening, operator and contacts (資料3 of the seed)."""

from __future__ import annotations

from consultations.models import Desk
from dxportal.lib import materials

GENERATOR_KEY = "desk"


def desk_material(meeting) -> dict:
    """The desk as recorded (the desk keeps no history; the published edition freezes it).

    The material lists only 支援内容 that staff have confirmed. Items rebuilt from the text of the
    opening's 資料3, whose figure of them was lost, are provisional: while any is, or none is
    confirmed, the material says that the figure is not reproduced instead of listing them.
    """
    desk = Desk.objects.order_by("id").first()
    items = list(desk.support_items.active())
    confirmed = [item for item in items if not item.is_provisional]
    listed_as = meeting.materials.filter(generator=GENERATOR_KEY).order_by("order", "pk").first()
    return {
        "desk": desk,
        "as_material": True,
        "material_label": listed_as.label if listed_as else "",
        "confirmed_items": confirmed,
        "figure_not_reproduced": not confirmed or len(confirmed) < len(items),
    }


def register_all() -> None:
    materials.register(
        materials.Generator(
            key=GENERATOR_KEY,
            label="DX総合窓口（開設要旨・窓口概要・支援内容・所管課）",
            template="consultations/desk_body.html",
            context=desk_material,
        )
    )
