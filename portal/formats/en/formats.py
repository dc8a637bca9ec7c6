"""US English dates written out in full: "December 6, 2026" (Django's "en" abbreviates the
month, "Dec. 6, 2026", which a patient handout should not)."""

DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, g:i A"
MONTH_DAY_FORMAT = "F j"
YEAR_MONTH_FORMAT = "F Y"
