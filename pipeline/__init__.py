"""tongket: year-end summary reports, commendation lists and pledges from unit submissions."""

__version__ = "0.1.0"
