"""Dates as Japanese staff and visitors type them, for any date field outside the admin's own
(which reads eras and full-width digits too: dxportal/lib/japanese_dates.py). Django's defaults
would also read 06/02/2023 as June 2nd; here the year always comes first."""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
]
