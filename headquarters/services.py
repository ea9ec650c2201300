"""Workflows of the headquarters that span several rows: amending the charter and its 別表."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dxportal.lib.wareki import format_wareki
from headquarters.models import Article, Enactment, Post, ScheduleListing

# What a post's place in a 別表 is: the table, the order in it and the title printed there.
Place = tuple[str, int, str]


@transaction.atomic
def supersede_earlier_versions(article: Article) -> int:
    """Close the versions of the same article that the new version replaces; return how many.

    The earlier versions stop being in force on the day the amendment takes effect.
    """
    effective_on = article.introduced_by.effective_on
    return (
        Article.objects.filter(
            charter_id=article.charter_id,
            number=article.number,
            introduced_by__effective_on__lt=effective_on,
            repealed_on__isnull=True,
        )
        .exclude(pk=article.pk)
        .update(repealed_on=effective_on)
    )


def place_of(post: Post) -> Place | None:
    """Where the post, as it stands in memory, would be listed; None outside the 別表."""
    if post.schedule == Post.Schedule.NONE:
        return None
    return (post.schedule, post.order, post.title)


def open_listing(post: Post, *, lock: bool = False) -> ScheduleListing | None:
    """The post's listing as last amended, if it has one (locked for an amendment if asked)."""
    if post.pk is None:
        return None
    listings = ScheduleListing.objects.open().select_related("enacted_by").filter(post_id=post.pk)
    return (listings.select_for_update(of=("self",)) if lock else listings).first()


def place_listed(listing: ScheduleListing | None) -> Place | None:
    return None if listing is None else (listing.schedule, listing.order, listing.title)


def listing_changes(post: Post) -> bool:
    """Whether saving the post as it stands would add, remove or change its 別表 listing."""
    return place_of(post) != place_listed(open_listing(post))


def amendment_error(
    *, listing: ScheduleListing | None, amendment: Enactment | None
) -> ValidationError | None:
    """Why `amendment` cannot change a 別表 listing (currently `listing`), or None if it can."""
    if amendment is None:
        return ValidationError(
            _(
                "別表に掲げる職の追加・削除、職名・別表・表示順の変更は設置要綱の改正です。"
                "その改正（一部改正・施行日）を指定してください。"
            ),
            code="amendment_required",
        )
    if amendment.kind != Enactment.Kind.AMENDMENT:
        return ValidationError(
            _("別表の掲載を変えられるのは一部改正だけです（制定時の別表は変えられません）。"),
            code="not_an_amendment",
        )
    if listing is None or listing.enacted_by_id == amendment.pk:
        return None
    enacted = listing.enacted_by
    if amendment.charter_id != enacted.charter_id:
        return ValidationError(
            _("この職を掲げる要綱の改正を指定してください。"), code="other_charter"
        )
    if amendment.effective_on <= enacted.effective_on:
        return ValidationError(
            _("改正の施行日（%(new)s）は、今の掲載の施行日（%(old)s）より後の日にしてください。"),
            params={
                "new": format_wareki(amendment.effective_on),
                "old": format_wareki(enacted.effective_on),
            },
            code="amendment_too_early",
        )
    return None


@transaction.atomic
def save_post(*, post: Post, amendment: Enactment | None = None) -> ScheduleListing | None:
    """Save a post; where its 別表 listing changes, `amendment` closes the old one and opens the new.

    This is the one place that writes a listed post's 別表, order and title, so Post.schedule and
    Post.order always match the post's open listing. A second change under the same amendment
    corrects the listing it opened rather than opening another one. Returns the open listing.
    """
    listing = open_listing(post, lock=True)
    wanted = place_of(post)
    if wanted == place_listed(listing):
        post.save()
        return listing
    error = amendment_error(listing=listing, amendment=amendment)
    if error:
        raise error
    post.save()
    if listing is not None and listing.enacted_by_id == amendment.pk:
        if wanted is None:
            listing.delete()
            return None
        listing.schedule, listing.order, listing.title = wanted
        listing.save(update_fields=["schedule", "order", "title"])
        return listing
    if listing is not None:
        listing.repealed_by = amendment
        listing.save(update_fields=["repealed_by"])
    if wanted is None:
        return None
    schedule, order, title = wanted
    return ScheduleListing.objects.create(
        post=post, schedule=schedule, order=order, title=title, enacted_by=amendment
    )
