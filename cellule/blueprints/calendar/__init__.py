"""The calendar: every dated thing of a region or of the nation, and its iCalendar feeds."""
