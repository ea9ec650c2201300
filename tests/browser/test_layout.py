"""Every public page as people see it in Chromium, on a 390 px phone and a 1280 px screen."""

from __future__ import annotations

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from plan.models import Event
from tests.browser.helpers import AXE_OPTIONS
from tests.pages import sitemap_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SCREEN = {"width": 1280, "height": 900}
MONTHS = [f"{m}月" for m in [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]]
BUTTONS = "a.button, button, input[type=submit], input[type=button]"
SCHEDULE = "/plan/dx-plan/schedules/2023/"

# The text and background colours of an element as drawn: the first ancestor with a background.
COLOURS_JS = """e => {
  let background = "rgb(255, 255, 255)";
  for (let node = e; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (!/^rgba\\(.*, 0\\)$/.test(colour) && colour !== "transparent") { background = colour; break; }
  }
  const style = getComputedStyle(e);
  return {text: style.color, background, outline: style.outlineStyle, width: style.outlineWidth};
}"""


def luminance(colour: str) -> float:
    red, green, blue = (int(x) / 255 for x in re.findall(r"[\d.]+", colour)[:3])

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(colours: dict) -> float:
    light, dark = sorted([luminance(colours["text"]), luminance(colours["background"])])[::-1]
    return (light + 0.05) / (dark + 0.05)


def open_page(browser, viewport: dict):
    context = browser.new_context(locale="ja-JP", viewport=viewport)
    return context, context.new_page()


@pytest.fixture
def paths(client, published_seed) -> list[str]:
    found = sitemap_paths(client)
    assert len(found) >= 20
    assert {"/", SCHEDULE, "/headquarters/meetings/1/materials/2/"} <= set(found)
    return found


# Table cells with less than three characters' room a line (「本/部/長」, 「区/分」).
SQUEEZED_CELLS_JS = """() => [...document.querySelectorAll("th, td")].filter(cell => {
  const style = getComputedStyle(cell);
  const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return cell.textContent.trim().length > 1 && room < 3 * parseFloat(style.fontSize);
}).map(cell => cell.textContent.trim())"""


def test_no_page_scrolls_sideways_on_a_phone_nor_wraps_a_table_a_character_a_line(
    browser, live_server, paths
):
    context, page = open_page(browser, PHONE)
    too_wide = {}
    squeezed = {}
    for path in paths:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
        if cells := page.evaluate(SQUEEZED_CELLS_JS):
            squeezed[path] = cells
    context.close()
    assert too_wide == {}
    assert squeezed == {}


def test_tables_fit_their_boxes_and_the_schedule_shows_all_twelve_months(
    browser, live_server, paths
):
    context, page = open_page(browser, SCREEN)
    cut_off = []
    grids = 0
    for path in paths:
        page.goto(live_server.url + path)
        sizes = page.locator("table").evaluate_all(
            "ts => ts.map(t => [t.scrollWidth, t.parentElement.clientWidth])"
        )
        cut_off += [(path, table, box) for table, box in sizes if table > box]
        for grid in page.locator(".schedule-grid").all():
            grids += 1
            box = grid.locator("xpath=..").bounding_box()
            headers = grid.locator("thead th[scope=col]")
            assert headers.all_inner_texts()[1:] == MONTHS, path
            for header in headers.all()[1:]:
                cell = header.bounding_box()
                assert header.is_visible()
                assert (
                    box["x"] <= cell["x"] and cell["x"] + cell["width"] <= box["x"] + box["width"]
                )
    context.close()
    assert cut_off == []
    assert grids == 3  # the plan page, 資料2 and the schedule page


def button_colours_when_tabbed_to(page, count: int) -> dict[int, dict]:
    """Tab through the page and note the colours of each button as the keyboard focuses it."""
    seen = {}
    page.mouse.move(0, 0)
    for _ in range(200):
        page.keyboard.press("Tab")
        index = page.evaluate(
            f"[...document.querySelectorAll({BUTTONS!r})].indexOf(document.activeElement)"
        )
        if index >= 0:
            seen[index] = page.locator(BUTTONS).nth(index).evaluate(COLOURS_JS)
        if len(seen) == count:
            break
    return seen


def test_buttons_stay_readable_on_hover_and_on_keyboard_focus(browser, live_server, paths):
    context, page = open_page(browser, SCREEN)
    checked = []
    for path in paths:
        page.goto(live_server.url + path)
        buttons = page.locator(BUTTONS)
        visible = [i for i in range(buttons.count()) if buttons.nth(i).is_visible()]
        for index in visible:
            button = buttons.nth(index)
            normal = button.evaluate(COLOURS_JS)
            button.hover()
            hovered = button.evaluate(COLOURS_JS)
            checked += [
                (path, index, "normal", contrast(normal)),
                (path, index, "hover", contrast(hovered)),
            ]
        focused = button_colours_when_tabbed_to(page, len(visible))
        assert sorted(focused) == visible, f"{path}: not every button takes keyboard focus"
        for index, colours in focused.items():
            checked.append((path, index, "focus", contrast(colours)))
            assert colours["outline"] != "none" and float(colours["width"][:-2]) >= 2, path
    context.close()
    # The home page's and the desk's 「相談を申し込む」, the form's send and the meeting filter.
    assert {path for path, *_ in checked} >= {"/", "/desk/aomori-dx/", "/desk/aomori-dx/consult/"}
    assert [row for row in checked if row[3] < 4.5] == []


def test_the_schedule_scrolls_in_its_own_box_on_a_phone_and_keeps_its_row_labels(
    browser, live_server, paths
):
    context, page = open_page(browser, PHONE)
    page.goto(live_server.url + SCHEDULE)
    region = page.get_by_role("region", name=re.compile("2023年度スケジュール"))
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    for _ in range(30):  # a keyboard user reaches the box and scrolls it with the arrow keys
        page.keyboard.press("Tab")
        if region.evaluate("e => e === document.activeElement"):
            break
    assert region.evaluate("e => e === document.activeElement")
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.table-scroll').scrollLeft > 200")
    box = region.bounding_box()
    label = page.get_by_role("rowheader", name="プラン策定委員会").bounding_box()
    april = page.get_by_role("columnheader", name="4月").bounding_box()
    assert abs(label["x"] - box["x"]) <= 1  # the row labels stay at the box's left edge
    assert april["x"] + april["width"] <= label["x"] + label["width"] + 1  # 4月 went under them
    context.close()


def test_a_period_is_a_bar_across_its_months_and_says_them(browser, live_server, paths):
    period = Event.objects.get(label="パブコメ")
    period.end = datetime.date(2023, 11, 30)
    period.save()
    context, page = open_page(browser, SCREEN)
    page.goto(live_server.url + SCHEDULE)
    bar = page.get_by_role("cell", name="期間: パブコメ（9月〜11月）")
    assert bar.get_attribute("colspan") == "3"
    september = page.get_by_role("columnheader", name="9月", exact=True).bounding_box()
    november = page.get_by_role("columnheader", name="11月").bounding_box()
    drawn = bar.locator(".schedule-period").bounding_box()
    assert drawn["x"] < september["x"] + september["width"] / 2
    assert drawn["x"] + drawn["width"] > november["x"] + november["width"] / 2
    # 第4回 (October) keeps its own column, on the track's first lane above the bar.
    october = page.get_by_role("columnheader", name="10月").bounding_box()
    meeting = page.get_by_role("cell", name="会議: 第4回 原案検討").bounding_box()
    assert meeting["x"] == pytest.approx(october["x"], abs=1)
    assert meeting["y"] < drawn["y"]
    assert Axe().run(page, options=AXE_OPTIONS).violations_count == 0
    context.close()
