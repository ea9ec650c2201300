"""/news/feed.atom: 新着情報 as an Atom feed, for feed readers and other sites."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from dxportal.furniture import site_data
from dxportal.models import SiteArea
from dxportal.news import NewsItem, latest_news

FEED_ITEMS = 20


class NewsFeed(Feed):
    """The newest 新着情報, each entry linking its page."""

    feed_type = Atom1Feed
    title = "青森県DX推進本部 新着情報"
    subtitle = "青森県DX推進本部のポータルサイトに掲載した会議の資料、DX推進プラン、お知らせです。"
    link = reverse_lazy("news")
    language = "ja"

    def feed_guid(self) -> str:
        # Ids stay the same whichever host served the feed: they use the public address.
        return f"{settings.SITE_URL}{reverse('news')}"

    def feed_url(self) -> str:
        return reverse("news-feed")

    def author_name(self) -> str:
        """Who publishes the site: the headquarters' secretariat, from the contacts' data."""
        contact = site_data()["contacts"].get(SiteArea.HEADQUARTERS)
        return contact.signature if contact else "青森県DX推進本部"

    def items(self) -> list[NewsItem]:
        return latest_news(FEED_ITEMS)

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return f"{item.category}: {item.title}"

    def item_link(self, item: NewsItem) -> str:
        return item.url

    def item_guid(self, item: NewsItem) -> str:
        return f"{settings.SITE_URL}{reverse('news')}#{item.key}"

    def item_pubdate(self, item: NewsItem) -> datetime.datetime:
        return start_of_day(item.date)

    def item_updateddate(self, item: NewsItem) -> datetime.datetime:
        return start_of_day(item.date)

    def item_categories(self, item: NewsItem) -> list[str]:
        return [item.category]


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight of the day in Japan: news is dated by the day only."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
