"""The strip's periods: each unit steps, names and anchors its bars its own way."""

from __future__ import annotations

from datetime import date

import pytest

from generator.core.locales import Language
from generator.site.strip import describe, period_counts, strip

EN = Language("en")


@pytest.mark.parametrize(
    ("first", "last", "day", "unit", "bars", "label", "long_label", "anchor", "title", "how_many"),
    [
        (date(2020, 1, 1), date(2020, 1, 20), date(2020, 1, 6), "day", 20,
         "6 Jan", "6 January 2020", "2020-01-06", "Articles per day", "20 days"),
        (date(2019, 12, 27), date(2020, 2, 13), date(2020, 1, 8), "week", 8,
         "6 Jan", "Week of 6 January 2020", "2020-01-08", "Articles per week", "8 weeks"),
        (date(2019, 1, 1), date(2020, 12, 31), date(2020, 3, 15), "month", 24,
         "Mar 2020", "March 2020", "2020-03", "Articles per month", "24 months"),
        (date(2005, 1, 2), date(2019, 12, 20), date(2010, 7, 4), "year", 15,
         "2010", "2010", "2010-07", "Articles per year", "15 years"),
    ],
)  # fmt: skip
def test_each_unit_steps_labels_and_anchors_its_periods(
    first, last, day, unit, bars, label, long_label, anchor, title, how_many
):
    periods = period_counts([day], first, last)
    assert len(periods) == bars and {p.unit.name for p in periods} == {unit}
    (busy,) = [p for p in periods if p.count]
    assert busy.start <= day and (busy.label(EN), busy.long_label(EN), busy.anchor) == (
        label,
        long_label,
        anchor,
    )
    drawn = strip(periods, lambda where: "#" + where, EN)
    assert drawn.unit == unit and f'<title id="strip-title">{title}</title>' in drawn.svg
    assert f'href="#{anchor}"' in drawn.svg
    assert f"in 1 of {how_many};" in describe(periods, EN)


def test_a_week_starts_on_monday_and_a_period_without_articles_links_nowhere():
    periods = period_counts([date(2020, 1, 12), date(2020, 1, 13)], date(2019, 12, 27), date(2020, 2, 13))
    assert [p.start.weekday() for p in periods] == [0] * len(periods)
    assert [(p.start, p.count, p.anchor) for p in periods if p.count] == [
        (date(2020, 1, 6), 1, "2020-01-12"),
        (date(2020, 1, 13), 1, "2020-01-13"),
    ]
    assert strip(periods, lambda where: "#" + where, EN).svg.count("<a ") == 2
