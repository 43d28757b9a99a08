"""Synthetic inputs of any size (a province of N units) for trials and `make bench`; not the product."""
