"""The aggregate stage: totals by catalog method, targets, year on year, scores and awards."""
