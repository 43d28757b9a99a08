"""The aggregate stage: totals by catalog method, targets, year on year, scores and awards.

`assemble` builds the `Summary` from `totals` (each indicator by its catalog method), `tables`
(long rows as unit × indicator tables), `targets`, `lineage` (units that replaced others),
`year_on_year` (figures beside last year's and their targets) and `scoring`.
"""

from pipeline.aggregate.assemble import AggregateInputs, aggregate
from pipeline.aggregate.targets import read_targets

__all__ = ["AggregateInputs", "aggregate", "read_targets"]
