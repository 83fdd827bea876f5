"""Admin lists that stay fast on large tables: the count stops at ``ADMIN_COUNT_CAP``.

Django's changelist counts every matching row (``SELECT COUNT(*)``) to number its pages; on
a search that matches half of 100,000 claims that count is most of the page's time. Here
the paginator counts at most ``ADMIN_COUNT_CAP + 1`` rows (``SELECT COUNT(*) FROM (… LIMIT
N + 1)``): up to the cap the count is exact, above it the list says "more than N" and offers
the pages up to the cap, each of which is full. ``show_full_result_count`` is counted the
same way, and facet counts (one full count per filter choice) are off.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import InvalidPage, Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext


def admin_count_cap() -> int:
    return max(1, settings.ADMIN_COUNT_CAP)


def count_up_to(queryset, cap: int) -> tuple[int, bool]:
    """(rows, capped): the exact number of rows up to ``cap``, else (cap, True)."""
    found = queryset.order_by().values("pk")[: cap + 1].count()
    return (cap, True) if found > cap else (found, False)


def more_than(cap: int) -> str:
    # Grouped with a comma in both languages: Django's Arabic format groups with ".", which
    # reads as a decimal point.
    return gettext("more than %(count)s") % {"count": f"{cap:,}"}


class CappedCountPaginator(Paginator):
    """A Paginator whose count stops at ``settings.ADMIN_COUNT_CAP`` (read per list)."""

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        if not hasattr(self.object_list, "query"):  # a list: its length costs nothing
            return super().count, False
        return count_up_to(self.object_list, admin_count_cap())

    @cached_property
    def count(self) -> int:
        return self._counted[0]

    @property
    def capped(self) -> bool:
        return self._counted[1]

    def page(self, number):
        if not self.capped:
            return super().page(number)
        # More rows than the cap exist: the last page offered is full, not cut at the cap.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


@dataclass(frozen=True)
class CappedCountText:
    """What a capped list says, in the reviewer's language, for the admin's templates."""

    listed: str  # under the list: "more than 10,000 claims"
    results: str  # by the search box: "more than 10,000 results"
    select_all: str  # the actions bar's "select all" link
    all_selected: str  # … and once it is clicked

    @classmethod
    def build(cls, cap: int, name: str) -> CappedCountText:
        count = f"{cap:,}"
        return cls(
            listed=gettext("more than %(count)s %(name)s") % {"count": count, "name": name},
            results=ngettext("%(counter)s result", "%(counter)s results", cap)
            % {"counter": more_than(cap)},
            select_all=gettext("Select all %(name)s (more than %(count)s)")
            % {"count": count, "name": name},
            all_selected=gettext("All selected (more than %(count)s)") % {"count": count},
        )


class CappedCountChangeList(ChangeList):
    """ChangeList.get_results with every count bounded (Django 5.2's, otherwise unchanged).

    When the count stopped at the cap, ``capped_text`` holds the words that the templates in
    factcheck/templates/admin/ show instead of the number (None when the count is exact),
    and "Show all" is never offered: it would list every row.
    """

    def get_results(self, request):
        paginator = self.model_admin.get_paginator(request, self.queryset, self.list_per_page)
        result_count = paginator.count
        capped = getattr(paginator, "capped", False)

        if self.model_admin.show_full_result_count:
            full, full_capped = count_up_to(self.root_queryset, admin_count_cap())
            full_result_count = more_than(full) if full_capped else full
        else:
            full_result_count = None
        can_show_all = not capped and result_count <= self.list_max_show_all
        multi_page = capped or result_count > self.list_per_page

        if (self.show_all and can_show_all) or not multi_page:
            result_list = self.queryset._clone()
        else:
            try:
                result_list = paginator.page(self.page_num).object_list
            except InvalidPage:
                raise IncorrectLookupParameters

        self.result_count = result_count
        self.capped_text = (
            CappedCountText.build(result_count, str(self.opts.verbose_name_plural))
            if capped
            else None
        )
        self.show_full_result_count = self.model_admin.show_full_result_count
        self.show_admin_actions = not self.show_full_result_count or bool(full_result_count)
        self.full_result_count = full_result_count
        self.result_list = result_list
        self.can_show_all = can_show_all
        self.multi_page = multi_page
        self.paginator = paginator


class CappedCountAdmin(admin.ModelAdmin):
    """Mixin for the ModelAdmins of large tables (claims, flags, articles, …)."""

    paginator = CappedCountPaginator
    # Facet counts ("Show counts" by the filters) count every row once per filter choice.
    show_facets = admin.ShowFacets.NEVER

    def get_changelist(self, request, **kwargs):
        return CappedCountChangeList
